"""A secretary prepares, previews, publishes and minutes a meeting in the browser, finishing
it from the minutes page; removing an item and cancelling a meeting ask first, and a
cancelled meeting is reinstated. A citizen then finds the meeting on the public portal with
its decisions and substitutes, and sees no trace of the closed item's content."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.support.browser import serious_accessibility_problems
from tests.support.fixtures import wait_for

pytestmark = pytest.mark.e2e

SECRET = "HEMMELIG-PERSONSAG-4711"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                        if name.endswith(".xml"))


def _accessible(page, where: str) -> None:
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{where}: {problems}"


def test_secretary_minutes_a_meeting_and_a_citizen_sees_no_closed_content(embedded_site, browser):
    site = embedded_site
    page = browser.new_page()
    page.goto(f"{site}/login")
    _accessible(page, "login")
    page.get_by_label("E-mail").fill("sekretaer@lejre.dk")
    page.get_by_label("Adgangskode").fill("lejre-demo-2020")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("heading", name="Møder").wait_for()

    page.get_by_label("Udvalg", exact=True).select_option(label="Udvalget for Job & Arbejdsmarked (JA)")
    page.get_by_role("button", name="Vis møder").click()
    page.get_by_role("heading", name="Udvalget for Job & Arbejdsmarked").wait_for()
    page.get_by_role("link", name="Nyt møde").click()
    today = date.today()
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Starttidspunkt").fill("16:30")
    page.get_by_label("Mødested").fill("")
    page.get_by_label("Kopiér de faste punkter").uncheck()
    page.get_by_role("button", name="Opret møde").click()
    page.get_by_text("Skriv hvor mødet holdes.").wait_for()
    assert page.get_by_label("Starttidspunkt").input_value() == "16:30", "what was typed is kept"
    _accessible(page, "meeting form with an error")
    page.get_by_label("Mødested").fill("Mødelokale 1, Lejrevej 15, 4320 Allerslev")
    page.get_by_role("button", name="Opret møde").click()
    page.get_by_text("Mødet er oprettet").wait_for()
    meeting_url = page.url

    def add(title, kind="case", case_number="", closed=False, resume=""):
        page.goto(meeting_url)
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Slags").select_option(kind)
        page.get_by_label("Sagsnummer").fill(case_number)
        if closed:
            page.get_by_label("Lukket punkt").check()
        page.get_by_role("button", name="Tilføj og udfyld punktet").click()
        if resume:
            page.get_by_label("Resumé").fill(resume)
        page.get_by_role("button", name="Gem punktet").click()
        page.get_by_text("Punktet er gemt").wait_for()

    add("Godkendelse af dagsorden", kind="standing")
    add("Budgetopfølgning", case_number="26/00123", resume="Forbruget følger **budgettet**.")
    add("Personalesag", case_number="26/00999", closed=True, resume=f"Fortroligt: {SECRET}.")
    add("Punkt der udgår", case_number="26/00500")
    _accessible(page, "meeting page")

    page.goto(meeting_url)
    page.get_by_role("link", name="Fjern punkt 3").click()
    page.get_by_role("heading", name="Fjern punkt 3 fra dagsordenen?").wait_for()
    assert "Punkt der udgår" in page.inner_text("main"), "removing asks first, naming the item"
    _accessible(page, "remove item confirmation")
    page.get_by_role("button", name="Ja, fjern punktet").click()
    page.get_by_text("Punktet »Punkt der udgår« er fjernet fra dagsordenen.").wait_for()

    page.get_by_role("link", name="Redigér punkt 2").click()
    page.get_by_label("Vælg fil").set_input_files(files=[{"name": "Budgetnotat.pdf", "mimeType": "application/pdf",
                                                      "buffer": PDF}])
    page.get_by_role("button", name="Upload bilag").click()
    page.get_by_text("Bilaget Budgetnotat.pdf er tilføjet").wait_for()
    _accessible(page, "item page")
    page.goto(meeting_url)

    page.get_by_role("link", name="Forhåndsvis dagsordenen").first.click()
    page.get_by_role("heading", name="Forhåndsvisning: dagsorden", exact=False).wait_for()
    assert "Punkt 3: Lukket punkt" in page.inner_text("main") and SECRET not in page.content(), "as the public sees it"
    _accessible(page, "agenda preview")
    page.get_by_role("link", name="Som udvalgets medlemmer ser den").click()
    page.get_by_text(SECRET).wait_for()
    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    page.get_by_text("Dagsordenen er offentliggjort (version 1)").wait_for()

    page.get_by_role("link", name="Fremmøde, beslutninger og referat").first.click()
    wait_for(lambda: "Beslutninger" in page.content(), message="the decisions page")
    _accessible(page, "minutes page")
    page.get_by_label("Afbud: Steen Hansen").check()
    page.get_by_label("Stedfortræder for Steen Hansen").fill("Lotte Greve")
    page.get_by_role("button", name="Gem fremmøde").click()
    page.get_by_text("Fremmødet er gemt").wait_for()

    decisions = [("1", "Godkendt", ["Ole Blickfeldt (O)"]), ("2", "Taget til efterretning", []), ("3", "Drøftet", [])]
    for number, quick, recused in decisions:
        page.get_by_role("link", name=f"Skriv beslutning på punkt {number}").click()
        page.get_by_label(quick, exact=True).check()
        for person in recused:
            page.get_by_label(person).check()
        page.get_by_role("button", name="Gem beslutning").click()
        page.get_by_text(f"Beslutningen på punkt {number} er gemt").wait_for()

    # A changed decision is saved as the secretary sees it: another standard text, then own words.
    page.get_by_role("link", name="Ret beslutning på punkt 2").click()
    page.get_by_label("Godkendt", exact=True).check()
    page.get_by_role("button", name="Gem beslutning").click()
    page.get_by_text("Beslutningen på punkt 2 er gemt").wait_for()
    page.get_by_role("link", name="Ret beslutning på punkt 2").click()
    assert page.get_by_label("Godkendt", exact=True).is_checked()
    page.get_by_label("Egen tekst", exact=True).check()
    page.get_by_label("Beslutning", exact=True).fill("Taget til efterretning med bemærkning om budgettet.")
    page.get_by_role("button", name="Gem beslutning").click()
    page.get_by_text("Beslutningen på punkt 2 er gemt").wait_for()

    page.get_by_role("button", name="Godkend referatet").click()
    page.get_by_text("Referatet er godkendt som version 1").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Referat (Word, intern)").click()
    internal = _docx_text(Path(download.value.path()).read_bytes())
    assert "Ole Blickfeldt (O) deltog ikke i behandlingen af punktet." in internal
    assert "Steen Hansen (Afbud)" in internal and SECRET in internal
    assert "Lotte Greve (stedfortræder for Steen Hansen)" in internal
    page.get_by_role("link", name="Møder", exact=True).first.click()
    page.get_by_label("Udvalg", exact=True).select_option(label="Udvalget for Job & Arbejdsmarked (JA)")
    page.get_by_label("År", exact=True).select_option(str(today.year))
    page.get_by_role("button", name="Vis møder").click()
    listed = page.get_by_role("row", name=f"{today:%d-%m-%Y}", exact=False)
    assert "Referat godkendt" in listed.inner_text(), "the list follows the approved minutes"

    citizen = browser.new_page()
    citizen.goto(site)
    citizen.get_by_role("link", name="Lejre Kommune").click()
    citizen.get_by_role("link", name="Udvalget for Job & Arbejdsmarked", exact=True).click()
    citizen.get_by_role("link", name=f"{today:%d-%m-%Y} kl. 16:30").click()
    citizen.get_by_role("heading", name="Punkt 3: Lukket punkt").wait_for()
    _accessible(citizen, "public meeting page")
    assert SECRET not in citizen.content() and "Personalesag" not in citizen.content()
    assert "Lotte Greve (stedfortræder for Steen Hansen)" in citizen.locator("table.meeting-block").inner_text()
    assert "Taget til efterretning med bemærkning om budgettet." in citizen.locator("#punkt-2").inner_text()
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Budgetnotat.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF
    citizen.get_by_role("link", name="Referat", exact=True).click()
    citizen.get_by_role("heading", name="Punkt 3: Lukket punkt").wait_for()
    assert SECRET not in citizen.content() and "Personalesag" not in citizen.content()
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Hent referatet som Word-dokument").click()
    public = _docx_text(Path(download.value.path()).read_bytes())
    assert "Lukket punkt" in public and SECRET not in public and "Personalesag" not in public

    # Last: a meeting planned next year would be the committee page's default year.
    _cancel_and_reinstate_a_meeting(page)


def _cancel_and_reinstate_a_meeting(page) -> None:
    """Cancelling asks first and needs a reason; a cancelled meeting is reinstated."""
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Dato").fill(date(date.today().year + 1, 2, 10).isoformat())
    page.get_by_label("Starttidspunkt").fill("16:30")
    page.get_by_label("Mødested").fill("Mødelokale 1")
    page.get_by_role("button", name="Opret møde").click()
    page.get_by_text("Mødet er oprettet").wait_for()

    page.get_by_role("link", name="Aflys mødet …").click()
    page.get_by_role("heading", name="Aflys mødet i", exact=False).wait_for()
    _accessible(page, "cancel confirmation")
    page.get_by_role("button", name="Ja, aflys mødet").click()
    page.get_by_text("Skriv hvorfor mødet aflyses.").wait_for()
    page.get_by_label("Begrundelse (vises for medlemmerne og i kalenderne)").fill("Der er ingen sager til behandling.")
    page.get_by_role("button", name="Ja, aflys mødet").click()
    page.get_by_text("Mødet er aflyst. Det står som aflyst i medlemmernes kalendere.").wait_for()
    assert "Begrundelse: Der er ingen sager til behandling." in page.inner_text("main")

    page.get_by_role("button", name="Genoptag mødet").click()
    page.get_by_text("Mødet er genoptaget. Det står igen i medlemmernes kalendere.").wait_for()
    assert page.get_by_role("link", name="Aflys mødet …").is_visible()
