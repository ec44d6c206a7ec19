"""Who is on the attendance list follows the membership periods of the meeting day;
substitutes are offered for their party, not listed as members."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.decisions.app import create_app
from shared.auth import Principal
from shared.tests.sessions import log_in

pytestmark = pytest.mark.integration


def _seat(name, party, role="member", starts_on=None, ends_on=None) -> dict:
    return {"membership_id": uuid.uuid4(), "member_id": uuid.uuid4(), "name": name, "party": party, "role": role,
            "starts_on": starts_on, "ends_on": ends_on}


def test_the_attendance_list_follows_the_periods_and_offers_substitutes_per_party(agenda, runtime):
    agenda.municipality()
    committee = {"id": uuid.uuid4(), "municipality_id": agenda.municipality_id, "municipality_slug": "lejre",
                 "name": "Teknik- og Miljøudvalget", "code": "TM", "members": [
                     _seat("Anne Andersen", "A", "chair"),
                     _seat("Bo Berg", "V", ends_on=date(2019, 12, 31)),
                     _seat("Cecilie Clausen", "V", starts_on=date(2020, 1, 1)),
                     _seat("Dorte Dam", "V", "substitute"),
                     _seat("Erik Enevoldsen", "A", starts_on=date(2020, 2, 1))]}
    agenda.send("agenda.committee.created.v1", {"committee": committee})
    meeting = agenda.meeting(committee, day=date(2020, 1, 8))
    agenda.publish(meeting, [agenda.item(1, "Godkendelse af dagsorden")])
    client = create_app(runtime).test_client()
    log_in(runtime, client, Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id))

    html = client.get(f"/sekretariat/moeder/{meeting['id']}").get_data(as_text=True)
    listed = html.split("<h2>Fremmøde</h2>", 1)[1].split("</table>", 1)[0]

    assert "Anne Andersen" in listed and "Cecilie Clausen" in listed
    assert "Bo Berg" not in listed and "Erik Enevoldsen" not in listed
    assert '<option value="Dorte Dam">' in listed
    assert listed.count("<datalist") == 1
