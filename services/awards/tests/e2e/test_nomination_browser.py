"""A citizen nominates a company in a real browser (Debian's Chromium) on a phone-sized
screen: a wrong CVR number first, which the form answers in Danish beside the field while
keeping everything else, then the receipt with its reference number. The pages pass
axe's WCAG 2.1 AA checks, and the form works without JavaScript."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from services.awards.app import create_app
from services.awards.config import AwardsOptions
from services.awards.models import Nomination
from services.awards.tests.conftest import CRITERIA, login_claims, nominate
from tests.support.browser import serious_accessibility_problems
from tests.support.processes import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def app(runtime):
    return create_app(runtime, AwardsOptions())


@pytest.fixture
def site(app, award_round):
    """The awards service's pages served over HTTP from this process."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)


def _logged_in(browser, app, site: str, principal):
    """A browser tab with the login session the agenda service's login page would give."""
    cookie = app.session_interface.get_signing_serializer(app).dumps(login_claims(app, principal))
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie, "url": site}])
    return context.new_page()


def _fill(page, company: str, cvr: str, address: str, reason: tuple[str, str], name: str, email: str) -> None:
    for label, value in (("Virksomhedens navn", company), ("CVR-nummer", cvr), ("Virksomhedens adresse", address),
                         reason, ("Dit navn", name), ("Din e-mail", email)):
        page.get_by_label(label).fill(value)
    page.get_by_label("Jeg giver samtykke").check()


def _accessible(page, where: str) -> None:
    assert serious_accessibility_problems(page) == [], where
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{where}: scrolls sideways"


def test_a_citizen_corrects_a_wrong_cvr_number_and_gets_a_receipt(site, browser, runtime, tmp_path):
    page = browser.new_context(viewport=PHONE, locale="da-DK").new_page()
    page.goto(f"{site}/virksomhedspris/lejre/")
    _accessible(page, "the award's page")
    page.get_by_role("link", name="Indstil en virksomhed").click()
    page.get_by_role("heading", name=f"Indstil en virksomhed til Virksomhedspris {date.today().year}").wait_for()
    _accessible(page, "the empty form")

    _fill(page, "Hvalsø Tømrer & Snedker ApS", "34175828", "Industrivej 12, 4330 Hvalsø",
          (CRITERIA[2], "De har to lærlinge fra Lejre."), "Anne Holm", "anne.holm@example.org")
    page.get_by_role("button", name="Send indstillingen").click()

    cvr = page.get_by_label("CVR-nummer")
    page.locator("#cvr-error").wait_for()
    assert page.locator("#cvr-error").inner_text() == "Det er ikke et gyldigt CVR-nummer: kontrolcifferet passer ikke. Tjek, at cifrene er skrevet rigtigt."
    assert cvr.get_attribute("aria-invalid") == "true" and "cvr-error" in cvr.get_attribute("aria-describedby")
    assert page.title().startswith("Fejl: ")
    assert page.get_by_label("Virksomhedens navn").input_value() == "Hvalsø Tømrer & Snedker ApS"
    assert page.get_by_label(CRITERIA[2]).input_value() == "De har to lærlinge fra Lejre."
    assert page.get_by_label("Din e-mail").input_value() == "anne.holm@example.org"
    assert page.get_by_label("Jeg giver samtykke").is_checked()
    _accessible(page, "the form with an error")
    page.screenshot(path=str(tmp_path / "fejl.png"), full_page=True)

    cvr.fill("34 17 58 29")
    attachment = tmp_path / "artikel.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("Bilag (valgfrit)").set_input_files(str(attachment))
    page.get_by_role("button", name="Send indstillingen").click()

    page.get_by_role("heading", name="Tak for din indstilling").wait_for()
    reference = page.locator(".reference").inner_text()
    _accessible(page, "the receipt")
    page.reload()  # a reloaded receipt sends nothing again
    with runtime.uow() as uow:
        [nomination] = uow.session.scalars(select(Nomination)).all()
        assert (nomination.reference, nomination.cvr, nomination.attachment_type) == (
            reference, "34175829", "application/pdf")


def test_the_form_works_without_javascript(site, browser, runtime):
    page = browser.new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(f"{site}/virksomhedspris/lejre/{date.today().year}/indstil")
    _fill(page, "Osted Maskinstation I/S", "29503613", "Osted Bygade 41, 4320 Lejre",
          (CRITERIA[0], "Fire nye job i 2019."), "Jens Olsen", "jens@example.org")
    page.get_by_role("button", name="Send indstillingen").click()

    page.get_by_role("heading", name="Tak for din indstilling").wait_for()
    with runtime.uow() as uow:
        assert uow.session.scalar(select(Nomination.company_name)) == "Osted Maskinstation I/S"


def test_the_secretariats_and_the_members_pages_pass_the_accessibility_checks(site, app, browser, runtime, lejre,
                                                                               award_round):
    first = nominate(runtime, award_round)
    nominate(runtime, award_round, company="Hvalsø Tømrer og Snedker", email="per@example.org")
    secretary = _logged_in(browser, app, site, lejre.secretary())
    for path, heading in ((f"/sekretariat/runder/{award_round}", f"Virksomhedspris {date.today().year}"),
                          (f"/sekretariat/runder/{award_round}/indstillinger", "Indstillinger til"),
                          (f"/sekretariat/indstillinger/{first}", "Indstilling VP"),
                          (f"/sekretariat/runder/{award_round}/kandidater", "Kandidater til"),
                          ("/sekretariat/runder/ny", "Ny runde"), ("/sekretariat/persondata", "Udlevér")):
        secretary.goto(site + path)
        secretary.get_by_role("heading", level=1).filter(has_text=heading).wait_for()
        _accessible(secretary, path)
    member = _logged_in(browser, app, site, lejre.member("Christian Plank"))
    for path in (f"/bedoemmelse/runder/{award_round}", f"/bedoemmelse/kandidater/{first}"):
        member.goto(site + path)
        _accessible(member, path)
