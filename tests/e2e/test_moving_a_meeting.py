"""A meeting moved after its decisions were recorded: through the events, the minutes
date the decisions on the new day, and the årshjul's wheel, table and feeds show the
meeting and the dialogue meeting tied to it on the new day (the embedded system, over HTTP)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import icalendar
import pytest
import requests

from services.agenda.demo.load import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.support.fixtures import wait_for
from tests.support.http import api_token, logged_in, submit

pytestmark = pytest.mark.e2e


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))


def test_moving_a_meeting_moves_the_minutes_decisions_the_wheel_and_the_feeds(embedded_site):
    site = embedded_site
    api = f"{site}/agenda/api/v1"
    headers = api_token(site, DEMO_ACCOUNTS["secretary"], DEMO_PASSWORD)
    ja = next(c for c in requests.get(f"{api}/municipalities/lejre/committees", timeout=30).json()
              if c["code"] == "JA")
    first_day, new_day = date.today() - timedelta(days=3), date.today() - timedelta(days=1)
    meeting = requests.post(f"{api}/committees/{ja['id']}/meetings", headers=headers, timeout=30, json={
        "date": first_day.isoformat(), "start_time": "16:30", "end_time": "18:00", "place": "Mødelokale 1"}).json()
    item = requests.post(f"{api}/meetings/{meeting['id']}/items", headers=headers, timeout=30, json={
        "title": "Budgetopfølgning", "case_number": "26/00123", "sections": {"resume": "Forbruget følger budgettet."},
    }).json()["items"][0]
    assert requests.post(f"{api}/meetings/{meeting['id']}/publish", headers=headers, timeout=30).status_code == 200
    entry = requests.post(f"{api}/committees/{ja['id']}/aarshjul/{first_day.year}/entries", headers=headers, timeout=30,
                          json={"kind": "dialogue_meeting", "title": "Dialogmøde efter udvalgsmødet",
                                "date": first_day.isoformat(), "start_time": "18:15", "meeting_id": meeting["id"]})
    assert entry.status_code == 201, entry.text

    secretary = logged_in(site, DEMO_ACCOUNTS["secretary"], DEMO_PASSWORD)
    decision_page = f"{site}/decisions/sekretariat/moeder/{meeting['id']}/punkter/{item['id']}"
    wait_for(lambda: secretary.get(decision_page, timeout=30).status_code == 200, message="the published agenda")
    recorded = submit(secretary, decision_page, data={"quick": "Godkendt", "text": "",
                                                       "decided_on": first_day.isoformat()}, allow_redirects=False)
    assert recorded.status_code == 302, recorded.text[:500]

    moved = requests.post(f"{api}/meetings/{meeting['id']}/reschedule", headers=headers, timeout=30,
                          json={"date": new_day.isoformat()})
    assert moved.status_code == 200, moved.text

    draft = f"{site}/decisions/moeder/{meeting['id']}/referat.docx?udgave=intern"
    wait_for(lambda: f"den {new_day:%d-%m-%Y}" in _docx_text(secretary.get(draft, timeout=30).content),
             timeout=30, message="the decision dated on the new day")
    minutes_page = f"{site}/decisions/sekretariat/moeder/{meeting['id']}"
    approved = submit(secretary, minutes_page, f"{minutes_page}/godkend", allow_redirects=False)
    assert approved.status_code == 302
    public = wait_for(lambda: (r := requests.get(f"{site}/decisions/referat/{meeting['id']}", timeout=30)).ok and r.text,
                      message="the public minutes")
    assert f"Beslutning Udvalget for Job &amp; Arbejdsmarked den {new_day:%d-%m-%Y}" in public
    assert f"{first_day:%d-%m-%Y}" not in public

    feed = icalendar.Calendar.from_ical(requests.get(f"{site}/agenda/calendar/lejre/JA.ics", timeout=30).content)
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    assert events[meeting["uid"]].decoded("DTSTART").date() == new_day
    dialogue = events[entry.json()["uid"]]
    assert dialogue.decoded("DTSTART").date() == new_day and dialogue["SEQUENCE"] == 1
    wheel = requests.get(f"{site}/agenda/aarshjul/lejre/JA/{new_day.year}", timeout=30).text
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Dialogmøde efter udvalgsmødet(?:(?!</tr>).)*</tr>", wheel, re.DOTALL).group(0)
    assert f"{new_day:%d-%m-%Y}" in row and f"{first_day:%d-%m-%Y}" not in row
