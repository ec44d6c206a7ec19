"""The årshjul: the demo year of the reference, the wheel page with its table and SVG,
the secretariat's entries and themes, and rolling a year over (real PostgreSQL)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from sqlalchemy import func, select

from services.agenda.calendar.models import DialogueTheme, WheelEntry
from services.agenda.models import Committee, Meeting
from services.agenda.tests.integration.helpers import (
    create_committee,
    outbox_events,
    register_municipality,
    schedule_meeting,
)
from tests.support.pages import log_in, post_form

pytestmark = pytest.mark.integration

RULE = {"weekday": 2, "ordinal": 2, "start_time": "16:30", "end_time": "19:00", "place": "Mødelokale 1",
        "dialogue_start_time": "17:00"}


@pytest.fixture
def ja_id(demo_runtime):
    with demo_runtime.uow() as uow:
        return uow.session.scalar(select(Committee.id).where(Committee.code == "JA"))


def test_demo_wheel_holds_the_2020_dialogue_themes_of_the_reference_linked_to_their_dialogue_meetings(
        demo_runtime, ja_id):
    with demo_runtime.uow() as uow:
        themes = list(uow.session.scalars(select(DialogueTheme).where(DialogueTheme.committee_id == ja_id)
                                          .order_by(DialogueTheme.month)))
        assert [t.month for t in themes] == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
        assert themes[3].theme == "Virksomhedsindsatsen Beskæftigelsesplan 2021" and themes[3].place == "en virksomhed"
        assert themes[1].partners == ["Beskæftigelsesforum"]
        assert all(t.entry is not None and t.entry.kind == "dialogue_meeting" and t.entry.month == t.month
                   for t in themes)
        assert themes[1].entry.date == date(2020, 2, 5)


def test_demo_wheel_links_entries_to_the_meeting_and_agenda_item_they_concern(demo_runtime, ja_id):
    with demo_runtime.uow() as uow:
        entry = uow.session.scalar(select(WheelEntry).where(WheelEntry.title == "Årshjul og dialogtemaer 2020 godkendes"))
        assert entry.meeting.date == date(2020, 1, 8)
        assert entry.item.title == "Årshjul for styring af beskæftigelsesområdet 2020"
        deadline = uow.session.scalar(select(WheelEntry).where(WheelEntry.date == date(2020, 12, 31)))
        assert deadline.title == "Beskæftigelsesplan 2021 godkendes inden årets udgang" and deadline.recurring


def test_wheel_page_shows_the_wheel_and_the_same_entries_as_a_table(demo_client):
    response = demo_client.get("/aarshjul/lejre/JA/2020")
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "public, no-cache"
    svg = ET.fromstring(html[html.index("<svg"):html.index("</svg>") + 6])
    tooltips = [g.find("{http://www.w3.org/2000/svg}title").text for g in svg.iter("{http://www.w3.org/2000/svg}g")
                if "mark" in g.get("class", "")]
    table = html[html.index('<table class="wheel-table'):]
    rows = re.findall(r"<tr class=\"[^\"]*\">\s*<td[^>]*>([^<]+)</td>", table)
    assert len(tooltips) == len(rows) > 30
    for title in ("Beskæftigelsesplan 2021 godkendes inden årets udgang", "Prisoverrækkelse: Virksomhedspris 2019",
                  "Dialogmøde med Beskæftigelsesforum: strategier for beskæftigelsesindsatsen"):
        assert any(tip.endswith(title) for tip in tooltips) and title in table
    assert "31-12-2020: Beskæftigelsesplan 2021 godkendes inden årets udgang" in tooltips


def test_public_wheel_hides_internal_entries_and_closed_items_titles_that_the_secretariat_sees(demo_client):
    public = demo_client.get("/aarshjul/lejre/JA/2020").get_data(as_text=True)
    assert "Udkast til Beskæftigelsesplan 2021" not in public
    assert "valg af prisvinder" not in public
    log_in(demo_client, "sekretaer@lejre.dk", "lejre-demo-2020")
    inside = demo_client.get("/aarshjul/lejre/JA/2020")
    html = inside.get_data(as_text=True)
    assert "Udkast til Beskæftigelsesplan 2021 klar til udvalget" in html
    assert "Sag: Virksomhedspris 2019 - valg af prisvinder" in html
    assert inside.headers["Cache-Control"] == "private, no-store"


def test_wheel_downloads_as_an_svg_file(demo_client):
    response = demo_client.get("/aarshjul/lejre/JA/2020.svg")
    assert response.content_type == "image/svg+xml; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="aarshjul-ja-2020.svg"'
    root = ET.fromstring(response.get_data())
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Årshjul 2020: Udvalget for Job & Arbejdsmarked"


def test_wheel_page_sets_the_chosen_paper_size_for_printing(demo_client):
    assert "@page { size: A3 portrait; }" in demo_client.get("/aarshjul/lejre/JA/2020?papir=a3").get_data(as_text=True)
    assert "@page { size:" not in demo_client.get("/aarshjul/lejre/JA/2020?papir=B5").get_data(as_text=True)


def test_portal_committee_page_offers_subscribe_links_instructions_and_the_wheel(demo_client):
    html = demo_client.get("/lejre/udvalg/JA/").get_data(as_text=True)
    assert 'href="webcal://127.0.0.1:8000/calendar/lejre/JA.ics"' in html
    assert 'value="http://127.0.0.1:8000/calendar/lejre/JA.ics"' in html
    assert 'href="webcal://127.0.0.1:8000/calendar/lejre.ics"' in html
    assert 'href="/aarshjul/lejre/JA/2020"' in html
    for client_name in ("Outlook", "Google Kalender", "Apple Kalender"):
        assert f"<dt>{client_name}</dt>" in html


def test_a_moved_meeting_moves_on_the_wheel(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    meeting = schedule_meeting(client, secretary, committee["id"], date="2030-03-13")
    client.post(f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries", headers=secretary, json={
        "kind": "meeting", "title": "Budgetmøde", "date": "2030-03-13", "meeting_id": meeting["id"]})
    client.post(f"/api/v1/meetings/{meeting['id']}/reschedule", json={"date": "2030-04-10"}, headers=secretary)
    html = client.get("/aarshjul/roskilde/JA/2030").get_data(as_text=True)
    assert "10-04-2030: Budgetmøde" in html and "13-03-2030" not in html


def test_entry_api_validates_by_field_in_danish_and_a_move_raises_the_sequence(client, secretary):
    committee = create_committee(client, secretary, "roskilde")
    url = f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries"
    bad = client.post(url, headers=secretary, json={"kind": "deadline", "title": "Frist", "date": "2031-01-05",
                                                    "start_time": "10:00", "end_time": "09:00"})
    assert bad.status_code == 422 and bad.content_type == "application/problem+json"
    assert bad.json["errors"] == {"date": ["Datoen skal ligge i 2030."],
                                  "end_time": ["Sluttidspunktet skal ligge efter starttidspunktet."]}
    entry = client.post(url, headers=secretary, json={"kind": "deadline", "title": "Frist", "date": "2030-01-05"}).json
    assert (entry["month"], entry["sequence"]) == (1, 0)
    renamed = client.patch(f"/api/v1/aarshjul/entries/{entry['id']}", headers=secretary, json={"title": "Ny frist"})
    assert renamed.json["sequence"] == 0
    moved = client.patch(f"/api/v1/aarshjul/entries/{entry['id']}", headers=secretary, json={"date": "2030-02-05"})
    assert (moved.json["month"], moved.json["sequence"], moved.json["uid"]) == (2, 1, entry["uid"])


def test_another_municipality_cannot_change_the_wheel(client, accounts, secretary):
    committee = create_committee(client, secretary, "roskilde")
    register_municipality(client, accounts.admin(), "lejre")
    response = client.post(f"/api/v1/committees/{committee['id']}/aarshjul/2030/entries",
                           headers=accounts.secretary("lejre"), json={"kind": "event", "title": "X", "month": 3})
    assert response.status_code == 404


def test_rollover_preview_saves_nothing_and_saving_creates_exactly_the_preview_once(demo_client, demo_accounts,
                                                                                   demo_runtime, ja_id):
    headers = demo_accounts.headers("api@lejre.dk", "secretary", "lejre")
    url = f"/api/v1/committees/{ja_id}/rollover"
    preview = demo_client.post(url, headers=headers, json={"from_year": 2020, "to_year": 2021, "rule": RULE})
    assert preview.status_code == 200, preview.json
    plan = preview.json
    assert plan["rule"] == "anden onsdag i måneden kl. 16:30, ikke i juli"
    assert [m["date"] for m in plan["meetings"]][:2] == ["2021-01-13", "2021-02-10"]
    assert plan["skipped"] == [{"month": 7, "reason": "Sommerferie"}]
    carried = {e["title"]: e["date"] for e in plan["entries"]}
    assert carried["Beskæftigelsesplan 2022 godkendes inden årets udgang"] == "2021-12-31"
    assert "Prisoverrækkelse: Virksomhedspris 2020" in carried
    assert "Udvalgsmøde kl. 16.30" not in carried  # meetings come from the rule, not from last year
    assert (plan["new_meetings"], plan["new_entries"]) == (11, 11 + len(plan["entries"]))
    with demo_runtime.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Meeting).where(Meeting.date >= date(2021, 1, 1))) == 0

    saved = demo_client.post(url, headers=headers, json={"from_year": 2020, "to_year": 2021, "rule": RULE,
                                                        "preview": False})
    assert saved.status_code == 200, saved.json
    assert [m["date"] for m in saved.json["meetings"]] == [m["date"] for m in plan["meetings"]]
    assert len(outbox_events(demo_runtime, "agenda.meeting.scheduled.v1")) == 3 + 11
    wheel = demo_client.get(f"/api/v1/committees/{ja_id}/aarshjul/2021", headers=headers).json
    assert len(wheel["entries"]) == plan["new_entries"]
    dialogue = [e for e in wheel["entries"] if e["kind"] == "dialogue_meeting"]
    assert all(e["meeting_id"] and e["start_time"] == "17:00:00" for e in dialogue)

    again = demo_client.post(url, headers=headers, json={"from_year": 2020, "to_year": 2021, "rule": RULE,
                                                        "preview": False}).json
    assert (again["new_meetings"], again["new_entries"]) == (0, 0)
    assert len(outbox_events(demo_runtime, "agenda.meeting.scheduled.v1")) == 3 + 11


def test_rollover_refuses_an_earlier_year_beside_the_field(demo_client, demo_accounts, ja_id):
    response = demo_client.post(f"/api/v1/committees/{ja_id}/rollover",
                                headers=demo_accounts.headers("api@lejre.dk", "secretary", "lejre"),
                                json={"from_year": 2020, "to_year": 2020, "rule": RULE})
    assert response.status_code == 422
    assert response.json["errors"] == {"to_year": ["Vælg et år efter det, der rulles fra."]}


def test_rollover_page_previews_with_moved_meetings_then_saves(demo_client, ja_id):
    log_in(demo_client, "sekretaer@lejre.dk", "lejre-demo-2020")
    page = f"/sekretariat/aarshjul/{ja_id}/2024/rul-frem"
    form = {"to_year": "2025", "ordinal": "1", "weekday": "2", "start_time": "16:30", "place": "Mødelokale 1",
            "skip_july": "y", "skip_holidays": "y", "include_closing_days": "y"}
    preview = post_form(demo_client, page, data={**form, "handling": "vis"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Onsdag d. 8. januar 2025" in html and "Flyttet fra 01-01-2025 (Nytårsdag) til ugen efter." in html
    saved = post_form(demo_client, page, data={**form, "handling": "gem"}, follow_redirects=True)
    assert "11 møder og 0 punkter er oprettet i 2025." in saved.get_data(as_text=True)


def test_entry_form_keeps_what_was_typed_and_shows_the_error_beside_the_field(demo_client, ja_id):
    log_in(demo_client, "sekretaer@lejre.dk", "lejre-demo-2020")
    response = post_form(demo_client, f"/sekretariat/aarshjul/{ja_id}/2020", data={
        "kind": "deadline", "title": "Frist for høringssvar", "month": "", "status": "planned"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="month-error">Vælg en dato eller en måned\.</p>', html)
    assert 'value="Frist for høringssvar"' in html


def test_theme_page_links_the_theme_to_a_dialogue_meeting(demo_client, demo_runtime, ja_id):
    log_in(demo_client, "sekretaer@lejre.dk", "lejre-demo-2020")
    with demo_runtime.uow() as uow:
        march = uow.session.scalar(select(WheelEntry.id).where(WheelEntry.committee_id == ja_id,
                                                               WheelEntry.kind == "dialogue_meeting",
                                                               WheelEntry.month == 3))
    page = f"/sekretariat/aarshjul/{ja_id}/2020/dialogtemaer/3"
    response = post_form(demo_client, page, data={"theme": "Integrationsindsatsen og sprogskolen",
                                                  "place": "Hvalsø", "partners": "Beskæftigelsesforum, AOF",
                                                  "entry_id": str(march)})
    assert response.status_code == 303
    with demo_runtime.uow() as uow:
        theme = uow.session.scalar(select(DialogueTheme).where(DialogueTheme.committee_id == ja_id,
                                                               DialogueTheme.month == 3))
        assert (theme.theme, theme.partners, theme.entry_id) == (
            "Integrationsindsatsen og sprogskolen", ["Beskæftigelsesforum", "AOF"], march)
