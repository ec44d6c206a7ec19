"""Members sign the approved minutes (real PostgreSQL): who is asked, who may sign and when,
what a correction does, the secretariat's view and reminder, and the referat's last page."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from services.decisions.models import MinutesSignature, bus_tables
from services.decisions.operations import minutes as ops
from services.decisions.operations import signoff
from services.decisions.tests.docx_reading import lines
from shared.auth import Principal
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.tests.sessions import log_in
from tests.support.pages import post_form

pytestmark = pytest.mark.integration

SECRET = "Medarbejderens helbredsoplysninger"


@pytest.fixture
def meeting(agenda, runtime):
    """8 January 2020: Steen sent afbud, Ole and Christian were there; the minutes are approved."""
    agenda.municipality()
    committee = agenda.committee(members=(("Steen Hansen", "O"), ("Ole Blickfeldt", "O"), ("Christian Plank", None)))
    other = agenda.committee(code="BU", name="Børne- og Ungeudvalget", members=(("Lotte Greve", "O"),))
    meeting = agenda.meeting(committee, day=date(2020, 1, 8))
    items = [agenda.item(1, "Godkendelse af dagsorden"), agenda.item(2, "Personalesag", closed=True)]
    items[1]["sections"][0]["body"] = SECRET
    agenda.publish(meeting, items)
    secretary = Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id,
                          name="Sekretær")
    people = {m["name"]: uuid.UUID(str(m["member_id"])) for m in committee["members"] + other["members"]}
    with runtime.uow() as uow:
        ops.record_attendance(uow, secretary, meeting["id"], [
            {"member_id": people["Steen Hansen"], "absent": True}, {"member_id": people["Ole Blickfeldt"]},
            {"member_id": people["Christian Plank"]}])
    for item in items:
        with runtime.uow() as uow:
            ops.record_decision(uow, secretary, meeting["id"], item["id"], {"text": "Godkendt"})
    with runtime.uow() as uow:
        ops.approve_minutes(uow, secretary, meeting["id"])
    member = {name: Principal(role="member", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id,
                              member_id=member_id, name=name) for name, member_id in people.items()}
    return {"id": meeting["id"], "items": items, "secretary": secretary, "member": member, "people": people}


def _events(runtime, event_type):
    with runtime.engine.connect() as conn:
        return [r.envelope["data"] for r in conn.execute(
            select(bus_tables.outbox.c.envelope).where(bus_tables.outbox.c.event_type == event_type)
            .order_by(bus_tables.outbox.c.id))]


def _sign(runtime, meeting, name, reservation=None):
    with runtime.uow() as uow:
        return signoff.sign(uow, meeting["member"][name], meeting["id"], reservation)


def test_approval_asks_everyone_present_and_nobody_absent_to_sign(runtime, meeting):
    (asked,) = _events(runtime, "decisions.minutes.signatures_requested.v1")
    assert sorted(asked["member_ids"]) == sorted(str(meeting["people"][n]) for n in ("Ole Blickfeldt", "Christian Plank"))
    assert (asked["version"], asked["reminder"]) == (1, False)


def test_a_member_signs_once_and_each_signature_is_an_event(runtime, meeting):
    _sign(runtime, meeting, "Ole Blickfeldt")
    _sign(runtime, meeting, "Christian Plank", {"item_id": str(meeting["items"][1]["id"]),
                                                "text": "Min bemærkning om sagen er ikke gengivet."})
    with pytest.raises(Conflict, match="allerede underskrevet"):
        _sign(runtime, meeting, "Ole Blickfeldt")

    plain, held = _events(runtime, "decisions.minutes.signed.v1")
    assert (plain["name"], plain["version"], plain["reservation"]) == ("Ole Blickfeldt", 1, None)
    assert held["reservation"] == {"item_id": str(meeting["items"][1]["id"]), "number": 2, "closed": True,
                                   "text": "Min bemærkning om sagen er ikke gengivet."}


def test_only_members_present_sign_and_only_for_themselves(runtime, meeting):
    with pytest.raises(Forbidden, match="deltog ikke"):
        _sign(runtime, meeting, "Steen Hansen")
    with pytest.raises(Forbidden, match="deltog ikke"):
        _sign(runtime, meeting, "Lotte Greve")
    with runtime.uow() as uow, pytest.raises(Forbidden, match="medlemskonto"):
        signoff.sign(uow, meeting["secretary"], meeting["id"])


def test_a_bad_reservation_is_refused_per_field_and_nothing_is_signed(runtime, meeting):
    with pytest.raises(Invalid) as refused:
        _sign(runtime, meeting, "Ole Blickfeldt", {"item_id": str(uuid.uuid4()), "text": "  "})
    assert set(refused.value.errors) == {"item_id", "text"}
    with runtime.uow() as uow:
        assert uow.session.scalars(select(MinutesSignature)).all() == []
    assert _events(runtime, "decisions.minutes.signed.v1") == []


def test_a_correction_voids_the_signatures_and_the_new_version_is_asked_for_again(runtime, meeting):
    _sign(runtime, meeting, "Ole Blickfeldt")
    with runtime.uow() as uow:
        ops.start_correction(uow, meeting["secretary"], meeting["id"], "Punkt 1 manglede en bemærkning.")
    with pytest.raises(Conflict, match="ved at blive rettet"):
        _sign(runtime, meeting, "Christian Plank")
    with runtime.uow() as uow:
        ops.approve_minutes(uow, meeting["secretary"], meeting["id"])

    first, again = _events(runtime, "decisions.minutes.signatures_requested.v1")
    assert again["version"] == 2 and sorted(again["member_ids"]) == sorted(first["member_ids"])
    with runtime.uow() as uow:
        found = signoff.overview(uow.session, signoff.meeting(uow.session, meeting["id"]))
        assert (found.version, found.signed, found.voided) == (2, 0, 1)
    _sign(runtime, meeting, "Ole Blickfeldt")


def test_a_reminder_goes_to_those_who_have_not_signed_until_everyone_has(runtime, meeting):
    _sign(runtime, meeting, "Ole Blickfeldt")
    with runtime.uow() as uow:
        reminded = signoff.remind(uow, meeting["secretary"], meeting["id"])
    assert [s.name for s in reminded] == ["Christian Plank"]
    reminder = _events(runtime, "decisions.minutes.signatures_requested.v1")[-1]
    assert reminder["reminder"] and reminder["member_ids"] == [str(meeting["people"]["Christian Plank"])]

    _sign(runtime, meeting, "Christian Plank")
    with runtime.uow() as uow, pytest.raises(Conflict, match="Alle, der deltog"):
        signoff.remind(uow, meeting["secretary"], meeting["id"])


def test_a_member_of_the_committee_cannot_send_reminders(runtime, meeting):
    with runtime.uow() as uow, pytest.raises(NotFound):
        signoff.remind(uow, meeting["member"]["Ole Blickfeldt"], meeting["id"])


@pytest.fixture
def pages(runtime):
    from services.decisions.app import create_app

    return create_app(runtime).test_client()


def test_the_member_reads_the_whole_referat_and_signs_with_one_click(runtime, meeting, pages):
    log_in(runtime, pages, meeting["member"]["Ole Blickfeldt"])
    page = f"/referat/{meeting['id']}/underskrift"
    html = pages.get(page).get_data(as_text=True)
    assert SECRET in html, "the members sign the internal minutes, closed items too"
    assert "Underskriv referatet" in html
    assert "Underskriv referatet" in pages.get(f"/referat/{meeting['id']}").get_data(as_text=True)

    response = post_form(pages, page, data={})

    assert response.status_code == 303
    html = pages.get(page).get_data(as_text=True)
    assert "Du underskrev referatet" in html and 'action="/referat/' not in html
    assert "Underskriv referatet" not in pages.get(f"/referat/{meeting['id']}").get_data(as_text=True)


def test_an_empty_reservation_gets_a_danish_message_beside_the_field_and_keeps_the_choice(runtime, meeting, pages):
    log_in(runtime, pages, meeting["member"]["Christian Plank"])
    page = f"/referat/{meeting['id']}/underskrift"
    item = str(meeting["items"][1]["id"])
    response = post_form(pages, page, f"{page}/forbehold", data={"item_id": item, "text": "   "})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="text-error"' in html and "Skriv, hvad du mener er forkert i referatet af punktet." in html
    assert f'<option selected value="{item}">' in html or f'value="{item}" selected' in html

    response = post_form(pages, page, f"{page}/forbehold", data={"item_id": str(uuid.uuid4()),
                                                                  "text": "Afstemningen er forkert gengivet."})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="item_id-error"' in html and "Afstemningen er forkert gengivet." in html
    with runtime.uow() as uow:
        assert uow.session.scalars(select(MinutesSignature)).all() == []


def test_a_member_absent_from_the_meeting_is_refused_the_signing_page(runtime, meeting, pages):
    log_in(runtime, pages, meeting["member"]["Steen Hansen"])
    response = pages.get(f"/referat/{meeting['id']}/underskrift")
    assert response.status_code == 403
    assert "Du deltog ikke i mødet" in response.get_data(as_text=True)


def test_the_secretariat_sees_who_signed_when_and_every_reservation_and_reminds(runtime, meeting, pages):
    _sign(runtime, meeting, "Christian Plank", {"item_id": str(meeting["items"][0]["id"]),
                                                "text": "Punktet blev udsat, ikke godkendt."})
    log_in(runtime, pages, meeting["secretary"])
    page = f"/sekretariat/moeder/{meeting['id']}"
    html = pages.get(page).get_data(as_text=True)
    assert "1 af 2, der deltog i mødet, har underskrevet version 1, 1 med forbehold." in html
    assert "Punkt 1 (Godkendelse af dagsorden): Punktet blev udsat, ikke godkendt." in html
    assert "Ikke underskrevet" in html

    response = post_form(pages, page, f"{page}/underskrifter/paamind")

    assert response.status_code == 303
    html = pages.get(page).get_data(as_text=True)
    assert "Påmindelsen er sendt til 1 medlem: Ole Blickfeldt." in html and "Påmindelse sendt" in html


def _docx(pages, meeting, variant) -> bytes:
    response = pages.get(f"/moeder/{meeting['id']}/referat.docx?udgave={variant}")
    assert response.status_code == 200
    return response.data


def test_the_internal_referat_ends_with_the_signature_page_and_the_public_one_has_none(runtime, meeting, pages):
    _sign(runtime, meeting, "Christian Plank", {"item_id": str(meeting["items"][1]["id"]),
                                                "text": "Udtalelsen om medarbejderen er forkert."})
    log_in(runtime, pages, meeting["secretary"])

    internal = _docx(pages, meeting, "intern")
    body = lines(internal)
    last_page = body[next(i for i, (style, text) in enumerate(body) if text == "Underskrifter"):]
    assert last_page[0] == ("Heading 1", "Underskrifter")
    table = Document(io.BytesIO(internal)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Medlem", "Underskrevet", "Forbehold"]
    assert rows[1][0] == "Ole Blickfeldt (O)" and rows[1][1].startswith("_____") and rows[1][2] == ""
    assert rows[2][0] == "Christian Plank" and " kl. " in rows[2][1]
    assert rows[2][2] == "Punkt 2 (Personalesag): Udtalelsen om medarbejderen er forkert."

    public = " ".join(text for _, text in lines(_docx(pages, meeting, "offentlig")))
    assert "Underskrifter" not in public and "Udtalelsen om medarbejderen" not in public
