"""A second municipality starts on its own, from the browser alone.

An empty system (`python -m embedded --no-demo --admin-email ...`): the platform
administrator chooses a password through the printed one-time link and creates a
municipality with its first secretary; the secretary chooses a password through the
link shown to the administrator, sets a house style that differs from Lejre's in every
point, creates the committee, its members with periods and a substitute, then prepares,
publishes and minutes a meeting. The internal and public referat, the public meeting
page and the public feed print exactly what the house style says. Lejre's demo
documents keep Lejre's wording.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from docx import Document
from werkzeug.test import Client

from tests.support.browser import serious_accessibility_problems
from tests.support.fixtures import wait_for
from tests.support.processes import Processes, free_port
from tests.support.system import embedded_system, wait_until_delivered

pytestmark = pytest.mark.e2e

LEJRE_EXPECTED = json.loads((Path(__file__).parents[1] / "fixtures" / "lejre_2020_01_08_expected.json")
                            .read_text("utf-8"))
ADMIN = "drift@udvalg.example"
SECRETARY = "sara@fjordby.example"
PASSWORD = "en lang og god adgangskode"
COMMITTEE = "Klima- og Miljøudvalget"
CASE = "SA-2026-017"
CLOSED_CASE = "SA-2026-018"
BACKGROUND = "Planen samler kommunens klimamål."
SECRET_BACKGROUND = "Fortrolig baggrund XQ-31."
ECONOMY = "Udgiften er 2,5 mio. kr."
CLOSED_DECISION = "Direktør XQ-31 ansat."
# Seated on the meeting day (name, party, role, from, to); one member left before, one substitute.
SEATS = [
    ("Anne Andersen", "A", "Formand", "2022-01-01", ""),
    ("Bo Berg", "V", "Næstformand", "2022-01-01", ""),
    ("Cecilie Clausen", "F", "Medlem", "2022-01-01", "2099-12-31"),
    ("Dennis Dam", "C", "Medlem", "2024-01-01", ""),
    ("Eva Eriksen", "O", "Medlem", "2022-01-01", ""),
    ("Frede Fisker", "A", "Medlem", "2018-01-01", "2021-12-31"),
    ("Sofie Sand", "V", "Stedfortræder", "2022-01-01", ""),
]


@pytest.fixture
def empty_system(tmp_path):
    """The embedded system without demo data; yields its address and the administrator's link."""
    processes = Processes(tmp_path, {"UDVALG_VAR_DIR": str(tmp_path / "var")})
    try:
        base = processes.start_embedded(free_port(), "--no-demo", "--admin-email", ADMIN,
                                        "--admin-name", "Driftsansvarlig")
        wait_for(lambda: "vælg adgangskode her" in processes.log("embedded"), message="the administrator's link")
        link = re.search(r"vælg adgangskode her[^\n]*\n\s+(\S+)", processes.log("embedded"))
        assert link, processes.log("embedded")
        yield base, link.group(1)
    finally:
        processes.stop_all()
    assert "Traceback" not in processes.log("embedded")


def _docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order (the meeting block is a table)."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def _download(page, link_name: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    return _docx_text(Path(download.value.path()).read_bytes())


def _choose_password(page, link: str) -> None:
    page.goto(link)
    page.get_by_label("Ny adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    page.get_by_role("button", name="Gem adgangskoden og log ind").click()
    page.get_by_role("button", name="Log ud").wait_for()


def _accessible(page, where: str) -> None:
    problems = serious_accessibility_problems(page)
    assert problems == [], f"{where}: {problems}"


def _error_beside(page, field_id: str) -> str:
    return page.locator(f"#{field_id}-error").inner_text()


def _create_municipality(page) -> str:
    """As the administrator; returns the secretary's one-time link."""
    page.get_by_role("link", name="Kommuner", exact=True).click()
    page.get_by_role("link", name="Ny kommune").click()
    page.get_by_label("Kommunens navn").fill("Fjordby Kommune")
    page.get_by_label("Kortform i adresserne").fill("Fjord By")
    page.get_by_label("Adresse (standardmødested)").fill("Torvet 1, 9999 Fjordby")
    page.get_by_label("Sekretærens navn").fill("Sara Sekretær")
    page.get_by_label("Sekretærens e-mail").fill(SECRETARY)
    page.get_by_role("button", name="Opret kommunen").click()
    assert "små bogstaver" in _error_beside(page, "slug").lower()
    assert page.get_by_label("Sekretærens e-mail").input_value() == SECRETARY, "what was typed is kept"
    _accessible(page, "new municipality with an error")
    page.get_by_label("Kortform i adresserne").fill("fjordby")
    page.get_by_role("button", name="Opret kommunen").click()
    page.get_by_role("heading", name="Fjordby Kommune er oprettet").wait_for()
    _accessible(page, "municipality created")
    return page.locator("#engangslink").input_value()


def _set_house_style(page) -> None:
    page.get_by_role("link", name="Husstil", exact=True).click()
    page.get_by_role("heading", name="Husstil for Fjordby Kommune").wait_for()

    # Without sections no agenda can be written: refused, and nothing is stored.
    for title in ("Sagsfremstilling", "Indstilling", "Beslutning", "Bilag"):
        page.get_by_role("button", name=f"Fjern afsnittet {title}").click()
        page.get_by_text("Ændringerne er ikke gemt endnu.").wait_for()
    page.get_by_role("button", name="Gem husstil").click()
    page.get_by_text("Husstilen er ikke gemt").wait_for()
    assert "mindst ét afsnit" in page.content()
    _accessible(page, "refused house style")
    page.get_by_role("link", name="Husstil", exact=True).click()
    assert page.locator("#sections-0-title").input_value() == "Sagsfremstilling"

    renames = {0: "Baggrund", 1: "Forvaltningens forslag", 2: "Afgørelse", 3: "Vedlagte dokumenter"}
    for index, title in renames.items():
        page.locator(f"#sections-{index}-title").fill(title)
    page.locator("#sections-0-required").check()
    page.locator("#sections-1-default_text").fill("Forvaltningen foreslår:")
    page.get_by_label("Nyt afsnit").fill("Økonomi")
    page.get_by_role("button", name="Tilføj afsnit").click()
    page.locator("#sections-4-title").wait_for()
    assert page.locator("#sections-0-title").input_value() == "Baggrund", "renames survive a list change"
    page.locator("#sections-4-public").uncheck()
    for _ in range(3):
        page.get_by_role("button", name="Flyt op Økonomi").click()
        page.get_by_text("Ændringerne er ikke gemt endnu.").wait_for()
    assert page.locator("#sections-1-title").input_value() == "Økonomi"

    page.get_by_label("Betegnelse for sagsnummeret").fill("Sags-ID")
    page.get_by_label("Overskrift over en beslutning").fill("Udvalgets afgørelse {dato}")
    page.get_by_label("Ord for et medlem, der ikke deltager").fill("Fraværende")
    page.get_by_label("Mærke for et lukket punkt").fill("Fortroligt")
    page.get_by_text("før titlen").check()
    page.get_by_label("Titler begynder med udvalgets kode").uncheck()
    page.get_by_label("Mødeblokken: datoens betegnelse").fill("Dato")
    page.get_by_label("Mødeblokken: mødestedets betegnelse").fill("Sted")
    page.get_by_label("Mødeblokken: deltagernes betegnelse").fill("Til stede")
    page.get_by_text("Nummer og titel med mærket", exact=True).check()
    page.get_by_text("først, før de åbne sager").check()
    page.get_by_label("Standardpunkt først på dagsordenen").fill("Dagsordenens godkendelse")
    page.get_by_label("Standardpunkt sidst på dagsordenen").fill("Orientering og eventuelt")
    page.get_by_text("fortløbende gennem året").check()
    page.get_by_label("Sagsnummerets format (regulært udtryk)").fill(r"^[A-Z]{2}-\d{4}-\d{3}$")
    page.get_by_label("Et sagsnummer i det format").fill("2026/17")
    page.get_by_role("button", name="Gem husstil").click()
    page.get_by_text("Husstilen er ikke gemt").wait_for()
    assert page.locator("#sections-1-title").input_value() == "Økonomi", "a refused house style keeps its input"
    page.get_by_label("Et sagsnummer i det format").fill(CASE)
    preview = page.locator("#eksempel").inner_text()
    assert "(Fortroligt)" in preview and "Fraværende:" in preview
    page.get_by_role("button", name="Gem husstil").click()
    page.get_by_text("Husstilen er gemt.").wait_for()


def _set_up_committee(page) -> None:
    page.get_by_role("link", name="Udvalg og medlemmer").click()
    page.get_by_label("Udvalgets navn").fill(COMMITTEE)
    page.get_by_label("Kode (valgfri)").fill("k1")
    page.get_by_label("Fast mødested").fill("Byrådssalen, Torvet 1")
    page.get_by_label("Fast mødetidspunkt").fill("17:00")
    page.get_by_role("button", name="Opret udvalg").click()
    assert _error_beside(page, "code").startswith("Brug 1-6 store bogstaver")
    assert page.get_by_label("Udvalgets navn").input_value() == COMMITTEE
    _accessible(page, "committees with an error")
    page.get_by_label("Kode (valgfri)").fill("KM")
    page.get_by_role("button", name="Opret udvalg").click()
    page.get_by_text(f"{COMMITTEE} er oprettet").wait_for()
    committee_url = page.url

    page.goto(committee_url)
    page.get_by_role("link", name="medlemmer", exact=True).click()
    for name, party, *_ in SEATS:
        page.get_by_label("Navn").fill(name)
        page.get_by_label("Parti (bogstav)").fill(party)
        page.get_by_label("E-mail").fill(f"{name.split()[0].lower()}@fjordby.example")
        page.get_by_role("button", name="Opret medlem").click()
        page.get_by_role("link", name=name).wait_for()

    page.goto(committee_url)
    for name, party, role, starts_on, ends_on in SEATS:
        page.get_by_label("Medlem", exact=True).select_option(label=f"{name} ({party})")
        page.get_by_label("Rolle").first.select_option(label=role)
        page.get_by_label("Fra og med").fill(starts_on)
        page.get_by_label("Til og med").fill(ends_on)
        page.get_by_role("button", name="Tilføj medlemskab").click()
        page.get_by_text("Medlemskabet er tilføjet.").wait_for()
    current = page.locator("table").first.inner_text()
    assert all(name in current for name, *_ in SEATS[:5]) and "Frede Fisker" not in current
    assert "Frede Fisker" in page.locator("table").last.inner_text()
    assert "Sofie Sand" in page.locator("dl.facts").inner_text()
    _accessible(page, "committee with members")


def _add_item(page, meeting_url: str, title: str, case_number: str, *, closed=False, fill=True) -> None:
    page.goto(meeting_url)
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Sags-ID").fill(case_number)
    if closed:
        page.get_by_label("Lukket punkt (offentligheden ser kun titlen)").check()
    page.get_by_role("button", name="Tilføj og udfyld punktet" if fill else "Tilføj og skriv det næste").click()


def _fill_item(page, background: str, *, points: str = "", attachments: str = "") -> None:
    page.get_by_label("Baggrund").fill(background)
    page.get_by_label("Økonomi").fill(ECONOMY)
    if points:
        proposal = page.get_by_role("group", name="Forvaltningens forslag")
        assert proposal.get_by_label("Indledning").input_value() == "Forvaltningen foreslår:"
        proposal.get_by_label("Punkter").fill(points)
    if attachments:
        page.get_by_label("Vedlagte dokumenter uden fil (navne)").fill(attachments)
    page.get_by_role("button", name="Gem punktet").click()
    page.get_by_text("Punktet er gemt").wait_for()


def _prepare_and_publish(page, today: date) -> str:
    page.get_by_role("link", name="Møder", exact=True).click()
    page.get_by_label("Udvalg", exact=True).select_option(label=f"{COMMITTEE} (KM)")
    page.get_by_role("button", name="Vis møder").click()
    page.get_by_role("link", name="Nyt møde").click()
    assert page.get_by_label("Mødested").input_value() == "Byrådssalen, Torvet 1"
    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Sæt standardpunkterne på dagsordenen").check()
    page.get_by_role("button", name="Opret møde").click()
    page.get_by_text("Mødet er oprettet").wait_for()
    meeting_url = page.url

    page.get_by_text(f"Fx {CASE}").wait_for()
    _add_item(page, meeting_url, "Klimaplan 2030", "2026/17")
    assert f"(fx {CASE})" in _error_beside(page, "case_number")
    assert page.get_by_label("Titel").input_value() == "Klimaplan 2030"
    _add_item(page, meeting_url, "Klimaplan 2030", CASE)
    _fill_item(page, BACKGROUND, points="at planen godkendes", attachments="Klimaplan 2030.pdf")
    _add_item(page, meeting_url, "Ansættelse af direktør", CLOSED_CASE, closed=True, fill=False)

    page.goto(meeting_url)
    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    page.get_by_text("Punkt 2: afsnittet »Baggrund« skal udfyldes.").first.wait_for()
    page.get_by_role("link", name="Redigér punkt 2").click()
    _fill_item(page, SECRET_BACKGROUND)
    page.goto(meeting_url)
    headings = page.locator("ol.item-list > li > strong").all_inner_texts()
    assert headings == ["Punkt 1: Dagsordenens godkendelse", "Punkt 2: Ansættelse af direktør",
                        "Punkt 3: Klimaplan 2030", "Punkt 4: Orientering og eventuelt"]
    page.get_by_role("button", name="Offentliggør dagsordenen").click()
    page.get_by_text("Dagsordenen er offentliggjort (version 1)").wait_for()
    return meeting_url


def _minute(page, meeting_url: str) -> tuple[str, str]:
    page.goto(meeting_url)
    page.get_by_role("link", name="Fremmøde, beslutninger og referat").first.click()
    page.get_by_role("heading", name="Fremmøde").wait_for()
    attendance = page.locator("table").first.inner_text()
    assert all(name in attendance for name, *_ in SEATS[:5])
    assert "Frede Fisker" not in attendance and "Sofie Sand (V)" not in attendance
    page.get_by_label("Fraværende: Bo Berg").check()
    page.get_by_label("Fraværende: Eva Eriksen").check()
    page.get_by_label("Stedfortræder for Bo Berg").fill("Sofie Sand")
    page.get_by_role("button", name="Gem fremmøde").click()
    page.get_by_text("Fremmødet er gemt").wait_for()
    _accessible(page, "attendance")

    for number, quick in (("1", "Godkendt"), ("2", None), ("3", "Godkendt"), ("4", "Taget til efterretning")):
        page.get_by_role("link", name=f"Skriv beslutning på punkt {number}").click()
        if number == "3":
            page.get_by_role("heading", name="Forvaltningens forslag").wait_for()
        if quick:
            page.get_by_label(quick, exact=True).check()
        else:
            page.get_by_label("Egen tekst", exact=True).check()
            page.get_by_label("Beslutning", exact=True).fill(CLOSED_DECISION)
        page.get_by_role("button", name="Gem beslutning").click()
        page.get_by_text(f"Beslutningen på punkt {number} er gemt").wait_for()

    page.get_by_role("button", name="Godkend referatet").click()
    page.get_by_text("Referatet er godkendt som version 1").wait_for()
    return _download(page, "Referat (Word, intern)"), _download(page, "offentlig, version 1")


def _assert_house_style_in_minutes(internal: str, public: str, today: date) -> None:
    day = today.strftime("%d-%m-%Y")
    for text in (internal, public):
        assert f"Sags-ID {CASE}" in text and "Sagsnummer" not in text
        assert f"Udvalgets afgørelse {day}" in text and f"Beslutning {COMMITTEE}" not in text
        assert "Fraværende:" in text and "Afbud" not in text
        assert "Bo Berg (Fraværende)" in text
        assert "Punkt 2: (Fortroligt) Ansættelse af direktør" in text and "Lukket punkt" not in text
        assert "KM - " not in text
        assert "Punkt 1: Dagsordenens godkendelse" in text and "Punkt 4: Orientering og eventuelt" in text
        assert "Punkt 3: Klimaplan 2030" in text
        assert all(label in text for label in ("Dato", "Sted", "Til stede"))
        assert "Mødedato" not in text and "Mødedeltagere" not in text
        assert BACKGROUND in text and "Forvaltningen foreslår:" in text and "Vedlagte dokumenter" in text
        assert "Resumé" not in text and "Indstilling" not in text
    assert internal.index("Baggrund") < internal.index("Økonomi") < internal.index("Forvaltningens forslag")
    assert ECONOMY in internal and SECRET_BACKGROUND in internal and CLOSED_DECISION in internal
    assert ECONOMY not in public and "Økonomi" not in public, "a section kept out of the public versions"
    assert SECRET_BACKGROUND not in public and CLOSED_DECISION not in public and CLOSED_CASE not in public


def _assert_public_pages(browser, base: str, today: date) -> None:
    citizen = browser.new_page()
    citizen.goto(base)
    citizen.get_by_role("link", name="Fjordby Kommune").click()
    citizen.get_by_role("link", name=COMMITTEE, exact=True).click()
    feed_url = citizen.locator("a[href^='http'][href$='/KM.ics']").first.get_attribute("href")
    citizen.get_by_role("link", name=f"{today:%d-%m-%Y} kl. 17:00").click()
    citizen.get_by_role("heading", name="Punkt 2: (Fortroligt) Ansættelse af direktør").wait_for()
    page = citizen.locator("main").inner_text()
    assert f"Sags-ID {CASE}" in page and BACKGROUND in page and "Forvaltningens forslag" in page
    assert ECONOMY not in page and SECRET_BACKGROUND not in page and CLOSED_CASE not in page
    assert "Sted" in page and "Mødested" not in page and "KM - " not in page
    agenda = _download(citizen, "Hent dagsordenen (Word)")
    assert "Punkt 2: (Fortroligt) Ansættelse af direktør" in agenda and f"Sags-ID {CASE}" in agenda
    assert ECONOMY not in agenda and SECRET_BACKGROUND not in agenda and "Lukket punkt" not in agenda

    feed = requests.get(requests.compat.urljoin(base, feed_url), timeout=30).text.replace("\r\n ", "")
    assert "2. (Fortroligt) Ansættelse af direktør" in feed and "3. Klimaplan 2030" in feed
    assert "Sted: Byrådssalen" in feed and SECRET_BACKGROUND not in feed and "KM - " not in feed


def test_an_empty_system_is_brought_to_a_working_committee_from_the_browser(empty_system, browser):
    base, admin_link = empty_system
    today = date.today()
    admin = browser.new_page()
    _choose_password(admin, admin_link)
    secretary_link = _create_municipality(admin)

    page = browser.new_page()
    _choose_password(page, secretary_link)
    _set_house_style(page)
    _set_up_committee(page)
    meeting_url = _prepare_and_publish(page, today)
    internal, public = _minute(page, meeting_url)

    _assert_house_style_in_minutes(internal, public, today)
    _assert_public_pages(browser, base, today)

    # Numbering runs on through the year: the next meeting starts after this one's four items.
    following = today + timedelta(days=1)
    page.goto(meeting_url)
    page.get_by_role("link", name="← Møder").click()
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Dato").fill(following.isoformat())
    page.get_by_role("button", name="Opret møde").click()
    page.get_by_text("Mødet er oprettet").wait_for()
    first = page.locator("ol.item-list > li > strong").first.inner_text()
    assert first == f"Punkt {5 if following.year == today.year else 1}: Dagsordenens godkendelse"


def test_lejres_demo_referat_keeps_lejres_wording(tmp_path):
    """Beside the new municipality, the demo's reference minutes of 8 January 2020 still
    print Lejre's words: coded titles, 'Sagsnummer', 'Beslutning <udvalg> den <dato>',
    'Afbud' and the meeting block's labels."""
    with embedded_system(tmp_path / "var") as system:
        wait_until_delivered(system)
        client = Client(system.wsgi_app)
        january = next(m for m in client.get("/agenda/api/v1/meetings?municipality=lejre").json
                       if m["date"] == "2020-01-08")
        docx = client.get(f"/decisions/moeder/{january['id']}/referat.docx?udgave=offentlig")
        assert docx.status_code == 200
        text = _docx_text(docx.data)

    for expected in LEJRE_EXPECTED["items"]:
        assert expected["heading"] in text
        if expected["case_number"]:
            assert f"Sagsnummer {expected['case_number']}" in text
        for decision in expected["decisions"]:
            assert f"Beslutning {decision['committee']} den {decision['date']}" in text
    assert "Steen Hansen (Afbud)" in text and "Afbud:" in text
    assert all(label in text for label in ("Mødedato", "Mødested", "Mødedeltagere"))
    assert "Fraværende" not in text and "Sags-ID" not in text
