"""Members sign the approved minutes in Chromium, and the secretary follows the signatures.

The demo's meeting of 8 January 2020 (JA) is approved, so everyone present is asked to
sign: the chair finds the request on his start page and signs with one click after
reading; another member finds it on the minutes page and signs with a reservation after
a first try without text; the secretary sees both and reminds the rest (the request and
the reminder arrive in the embedded Maildir), and the internal referat ends with the
signature page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from services.agenda.models import Member, Municipality
from services.agenda.operations.accounts import ensure_user_announced
from shared.mail.__main__ import read_maildir
from tests.support.browser import serious_accessibility_problems
from tests.support.fixtures import wait_for
from tests.support.system import DEMO_PASSWORD, embedded_system, served, wait_until_delivered

pytestmark = pytest.mark.e2e

RESERVATION = "Udvalget besluttede at udsætte punktet; det står som godkendt."


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="module")
def site(var_dir):
    with embedded_system(var_dir) as system:
        wait_until_delivered(system)
        agenda = system.runtimes[0]
        with agenda.uow() as uow:
            lejre = uow.session.query(Municipality).filter_by(slug="lejre").one()
            ole = uow.session.query(Member).filter_by(name="Ole Blickfeldt").one()
            ensure_user_announced(uow, email="ole.blickfeldt@lejre.dk", name="Ole Blickfeldt", password=DEMO_PASSWORD,
                                  role="member", municipality_id=lejre.id, member_id=ole.id)
            martin = uow.session.query(Member).filter_by(name="Martin Stokholm").one()
            martin.email = "martin.stokholm@lejre.dk"
            uow.commit()
        wait_until_delivered(system)
        with served(system.wsgi_app) as base:
            yield base


def _mail_to(var_dir: Path, address: str) -> list[str]:
    maildir = var_dir / "mail"
    if not (maildir / "cur").is_dir():
        return []
    return [str(m["Subject"]).strip() for m in read_maildir(maildir) if str(m["Delivered-To"]) == address]


def _log_in(browser, site: str, email: str):
    page = browser.new_context(accept_downloads=True).new_page()
    page.goto(f"{site}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    return page


def _accessible(page, where: str) -> None:
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{where}: {problems}"


def test_members_sign_plainly_and_with_a_reservation_and_the_secretary_sees_both(site, var_dir, browser):
    chair = _log_in(browser, site, "christian.plank@lejre.dk")
    chair.get_by_role("heading", name="Referater til underskrift").wait_for()
    _accessible(chair, "start page")
    chair.get_by_role("link", name="Underskriv referatet").first.click()
    chair.get_by_role("heading", name="Referat til underskrift: Udvalget for Job & Arbejdsmarked, 08-01-2020").wait_for()
    assert "Evaluering af møder i beskæftigelsesforum" in chair.content(), "the minutes are read before signing"
    _accessible(chair, "signing page")
    chair.get_by_role("button", name="Underskriv referatet").click()
    chair.get_by_text("Du har underskrevet referatet. Tak.").wait_for()
    meeting_url = chair.url.split("#")[0]
    chair.goto(f"{site}/agenda/start")
    assert chair.get_by_role("link", name="Underskriv referatet").count() == 0

    member = _log_in(browser, site, "ole.blickfeldt@lejre.dk")
    member.goto(meeting_url.replace("/underskrift", ""))
    member.get_by_role("link", name="Underskriv referatet").click()
    member.get_by_label("Punkt", exact=True).select_option(label="Punkt 3: Evaluering af møder i beskæftigelsesforum")
    member.get_by_role("button", name="Underskriv med forbehold").click()
    member.get_by_text("Skriv, hvad du mener er forkert i referatet af punktet.").wait_for()
    assert member.get_by_label("Punkt", exact=True).input_value() != "", "the chosen item is kept"
    _accessible(member, "reservation with an error")
    member.get_by_label("Hvad er gengivet forkert i referatet af punktet?").fill(RESERVATION)
    member.get_by_role("button", name="Underskriv med forbehold").click()
    member.get_by_text("Du har underskrevet referatet med forbehold.").wait_for()
    member.get_by_text(f"Punkt 3 (Evaluering af møder i beskæftigelsesforum): {RESERVATION}").wait_for()

    secretary = _log_in(browser, site, "sekretaer@lejre.dk")
    secretary.goto(meeting_url.replace("/referat/", "/sekretariat/moeder/").replace("/underskrift", ""))
    signatures = secretary.locator("#underskrifter + p")
    wait_for(lambda: "2 af 5, der deltog i mødet, har underskrevet version 1, 1 med forbehold." in signatures.inner_text(),
             message="the secretary's count of signatures")
    table = secretary.locator("#underskrifter ~ table").first
    assert " kl. " in table.locator("tr", has_text="Christian Plank").inner_text()
    assert RESERVATION in table.locator("tr", has_text="Ole Blickfeldt").inner_text()
    assert "Ikke underskrevet" in table.locator("tr", has_text="Martin Stokholm").inner_text()
    _accessible(secretary, "secretary's minutes page")
    secretary.get_by_role("button", name="Send påmindelse til dem, der ikke har underskrevet").click()
    secretary.get_by_text("Påmindelsen er sendt til 3 medlemmer").wait_for()
    day = "Udvalget for Job & Arbejdsmarked onsdag den 8. januar 2020"
    assert f"Referatet venter på din underskrift: {day}" in _mail_to(var_dir, "christian.plank@lejre.dk")
    # Martin's address came after the approval's request: he gets the reminder.
    wait_for(lambda: _mail_to(var_dir, "martin.stokholm@lejre.dk") == [
        f"Påmindelse: referatet venter på din underskrift: {day}"], timeout=60, message="the reminder in the Maildir")

    with secretary.expect_download() as download:
        secretary.get_by_role("link", name="Referat (Word, intern)").click()
    word = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[-1] == "Underskrifter"
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in word.tables[-1].rows}
    signed = {name: cells for name, cells in rows.items() if " kl. " in cells[1]}
    assert sorted(name.split(" (")[0] for name in signed) == ["Christian Plank", "Ole Blickfeldt"]
    assert any(RESERVATION in cells[2] for cells in signed.values())
    unsigned = [cells for name, cells in rows.items() if name != "Medlem" and name not in signed]
    assert len(unsigned) == 3 and all(cells[1].startswith("_____") for cells in unsigned)
