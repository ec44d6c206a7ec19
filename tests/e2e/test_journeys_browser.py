"""A committee member's and a citizen's journeys in Chromium, on the embedded system with
the Lejre demo (one system for the module): the member's start page and what waits for
them, closed items read whole; the citizen from the portal to the decisions and back,
readable at 320 px, in print, with a visible focus ring; every public page reflows at
320 px and passes axe."""

from __future__ import annotations

import io
import zipfile
from datetime import date, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from shared.danish import long_date
from tests.support.browser import serious_accessibility_problems
from tests.support.system import DEMO_PASSWORD, embedded_system, served, wait_until_delivered

pytestmark = pytest.mark.e2e

MEMBER = "christian.plank@lejre.dk"
COMMITTEE = "Udvalget for Job & Arbejdsmarked"
# Pages that are files, feeds or printed wheels, not pages to read on a phone.
NOT_PAGES = (".docx", ".ics", ".svg", ".pdf", "papir=", "/bilag/", "/login", "/feeds/", "webcal")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with embedded_system(tmp_path_factory.mktemp("var")) as system:
        wait_until_delivered(system)
        upcoming = _plan_meeting_next_week(system)
        wait_until_delivered(system)
        with served(system.wsgi_app) as base:
            yield SimpleNamespace(base=base, system=system, upcoming=upcoming)


def _plan_meeting_next_week(system) -> date:
    """The demo's meetings are from 2020: the member's next meeting is planned here."""
    from services.agenda.models import Committee
    from services.agenda.operations.meetings import schedule_meeting
    from shared.auth import SYSTEM

    runtime = next(r for r in system.runtimes if r.name == "agenda")
    day = date.today() + timedelta(days=7)
    with runtime.uow() as uow:
        committee = uow.session.scalar(select(Committee).where(Committee.code == "JA"))
        schedule_meeting(uow, SYSTEM, committee.id, {"date": day, "start_time": time(16, 30), "end_time": time(19),
                                                     "place": "Mødelokale 1, Lejrevej 15, 4320 Allerslev"})
    return day


def _accessible(page, where: str) -> None:
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{where}: {problems}"


def _reflows(page, where: str) -> None:
    """WCAG 1.4.10: at 320 CSS px nothing makes the page scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{where} is {width} px wide at 320 px"


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/agenda/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("heading", name="Velkommen").wait_for()


def test_a_member_sees_what_waits_reads_closed_items_whole_and_reaches_the_scoring(site, browser):
    page = browser.new_page()
    _log_in(page, site.base, MEMBER)

    waiting = page.get_by_role("region", name="Det venter på dig")
    minutes_link = waiting.get_by_role("link", name=f"{COMMITTEE}, 8. januar 2020")
    assert minutes_link.is_visible(), "the approved minutes the member has not opened"
    round_link = waiting.get_by_role("link", name=f"Virksomhedspris {date.today().year}: giv point til kandidaterne")
    assert round_link.is_visible(), "the open award round of the member's committee"
    assert "Virksomhedspris 2019" not in waiting.inner_text(), "a decided round waits for nobody"
    meetings = page.get_by_role("region", name="Dine næste møder")
    assert meetings.get_by_role("link", name=f"{COMMITTEE}, {long_date(site.upcoming)} kl. 16:30").is_visible()
    assert "Dagsordenen er ikke offentliggjort endnu." in meetings.inner_text()
    committees = page.get_by_role("region", name="Dine udvalg")
    assert committees.get_by_role("link", name=COMMITTEE).is_visible() and "Formand" in committees.inner_text()
    _accessible(page, "member start page")
    page.set_viewport_size({"width": 320, "height": 800})
    _reflows(page, "member start page")
    page.set_viewport_size({"width": 1280, "height": 800})

    minutes_link.click()
    page.get_by_role("heading", name=COMMITTEE, exact=True).wait_for()
    assert "Godkendt" in page.locator("#punkt-1 .decision").inner_text(), "the decisions of the approved minutes"
    assert page.get_by_role("link", name="Hent referatet (Word, intern)").is_visible()
    page.goto(f"{site.base}/agenda/start")
    assert page.get_by_role("region", name="Det venter på dig").get_by_role(
        "link", name=f"{COMMITTEE}, 8. januar 2020").count() == 0, "opened minutes wait no more"

    page.get_by_role("region", name="Dine udvalg").get_by_role("link", name=COMMITTEE).click()
    page.get_by_role("navigation", name="År").get_by_role("link", name="2020").click()
    page.get_by_role("link", name="15-04-2020 kl. 16:30").click()
    assert "lukkede punkter vises helt" in page.inner_text("main")
    closed_item = page.locator("section.agenda-item", has=page.locator(".status.closed"))
    assert closed_item.count() == 1, "the award item, closed to the public"
    title = closed_item.get_by_role("heading", level=3).inner_text().split(": ", 1)[1]
    assert title == "JA - Virksomhedspris 2019 - valg af prisvinder"
    assert "Hvalsø Tømrer" in closed_item.inner_text(), "its sections, with the shortlist"
    _accessible(page, "meeting page as a member")
    page.set_viewport_size({"width": 320, "height": 800})
    _reflows(page, "meeting page as a member")
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent dagsordenen (Word, intern)").click()
    assert "Virksomhedspris 2019 - valg af prisvinder" in _docx_text(Path(download.value.path()).read_bytes())

    citizen = browser.new_page()
    citizen.goto(page.url)
    assert "Virksomhedspris 2019" not in citizen.inner_text("main") and "Hvalsø Tømrer" not in citizen.inner_text("main")
    assert citizen.get_by_role("link", name="Hent dagsordenen (Word, intern)").count() == 0

    page.goto(f"{site.base}/agenda/start")
    page.get_by_role("link", name=f"Virksomhedspris {date.today().year}: giv point til kandidaterne").click()
    page.get_by_role("heading", name=f"Giv point: Virksomhedspris {date.today().year}").wait_for()
    _accessible(page, "scoring page")


def test_a_citizen_goes_from_the_portal_to_the_decisions_and_back_on_a_small_screen(site, browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(site.base)
    page.get_by_role("link", name="Lejre Kommune").click()
    page.get_by_role("link", name=COMMITTEE, exact=True).click()
    _reflows(page, "committee page")
    _accessible(page, "committee page")
    page.get_by_role("navigation", name="År").get_by_role("link", name="2020").click()
    page.get_by_role("link", name="08-01-2020 kl. 16:30").click()

    page.get_by_role("heading", name=COMMITTEE, exact=True).wait_for()
    _reflows(page, "meeting page")
    _accessible(page, "meeting page")
    block = page.locator("table.meeting-block").inner_text()
    assert "Onsdag d. 8. januar 2020 kl. 16:30" in block and "Steen Hansen (Afbud)" in block, "attendance as the Word file has it"
    index = page.get_by_role("navigation", name="Punkter")
    entries = index.get_by_role("link")
    assert entries.count() == page.locator("section.agenda-item").count() > 3
    entries.nth(2).click()
    assert urlsplit(page.url).fragment == "punkt-3"
    assert page.locator("#punkt-3").get_by_role("heading", level=3).is_visible()
    assert "Godkendt" in page.locator("#punkt-1 .decision").inner_text(), "decisions of the approved minutes"
    page.locator("#punkt-3").get_by_role("link", name="Til toppen").click()

    page.get_by_role("link", name="Referat", exact=True).click()
    page.get_by_role("heading", name=f"Referat: {COMMITTEE}").wait_for()
    _reflows(page, "public minutes page")
    _accessible(page, "public minutes page")
    trail = page.get_by_role("navigation", name="Her er du")
    trail.get_by_role("link", name=f"Mødet i {COMMITTEE} 08-01-2020").click()
    page.get_by_role("heading", name=COMMITTEE, exact=True).wait_for()
    page.get_by_role("navigation", name="Her er du").get_by_role("link", name=COMMITTEE).click()
    page.get_by_role("heading", name=COMMITTEE, exact=True).wait_for()
    assert "/udvalg/JA/" in page.url


def _contrast(first: str, second: str) -> float:
    def luminance(css: str) -> float:
        parts = [float(p) / 255 for p in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
        linear = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_stands_out_and_the_year_filter_is_readable_and_agendas_print_plainly(site, browser):
    page = browser.new_page()
    page.goto(f"{site.base}/agenda/lejre/udvalg/JA/?aar=2020")
    link = page.get_by_role("link", name="08-01-2020 kl. 16:30")
    link.focus()
    ring = link.evaluate("e => [e.matches(':focus-visible'), getComputedStyle(e).outlineStyle, "
                         "getComputedStyle(e).outlineColor]")
    assert ring[:2] == [True, "solid"] and _contrast(ring[2], "rgb(255, 255, 255)") >= 3, (
        f"focus ring {ring} against the white page")
    header_link = page.get_by_role("link", name="Log ind")
    header_link.focus()
    halo = header_link.evaluate("e => getComputedStyle(e).boxShadow")
    assert _contrast(halo, "rgb(11, 79, 108)") >= 3, f"focus halo {halo} against the blue header"

    years = page.get_by_role("navigation", name="År").get_by_role("link").all()
    assert years, "the committee meets in this year and in 2020"
    for year_link in years:
        color = year_link.evaluate("e => getComputedStyle(e).color")
        assert _contrast(color, "rgb(255, 255, 255)") >= 4.5, f"year link {color} on white"

    link.click()
    page.emulate_media(media="print")
    assert not page.locator("header.site-header").is_visible()
    assert not page.get_by_role("navigation", name="Her er du").is_visible()
    assert not page.get_by_role("link", name="Hent dagsordenen (Word)").is_visible()
    assert page.locator("#punkt-1").is_visible() and page.locator("table.meeting-block").is_visible()
    page.emulate_media(media="screen")


def test_every_public_page_reflows_at_320_px_and_passes_axe(site, browser):
    """Every page a visitor reaches by following links from the portal's front page; each
    but the front page has a link in its content to another page (none is a dead end)."""
    page = browser.new_page(viewport={"width": 320, "height": 640})
    seen: set[str] = set()
    waiting = [f"{site.base}/"]
    while waiting:
        address = waiting.pop(0).split("#", 1)[0]
        if address in seen or not address.startswith(site.base) or any(part in address for part in NOT_PAGES):
            continue
        seen.add(address)
        response = page.goto(address)
        assert response is not None and response.status == 200, address
        _reflows(page, address)
        _accessible(page, address)
        onward = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
        if urlsplit(address).path not in ("/", "/agenda/"):
            back = [link for link in onward if link.split("#", 1)[0] != address and not any(
                part in link for part in NOT_PAGES)]
            assert back, f"{address} is a dead end: no link in the page leads on or back"
        waiting.extend(page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"))
    for kind in ("/udvalg/", "/moeder/", "/referat/", "/aarshjul/", "/virksomhedspris/"):
        assert any(kind in address for address in seen), (kind, sorted(seen))
