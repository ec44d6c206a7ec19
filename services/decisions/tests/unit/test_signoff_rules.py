"""The rules of signing the minutes, without Flask or a database: who signs, when, and
what a reservation must hold."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from services.decisions.domain.signoff import (
    MAX_RESERVATION,
    ItemRef,
    Signature,
    check_may_sign,
    reservation,
    signature_sheet,
    signers,
    still_to_sign,
)
from shared.errors import Conflict, Forbidden, Invalid


@dataclass
class Seat:
    member_id: uuid.UUID
    name: str
    party: str | None = None
    absent: bool = False
    substitute: str | None = None


STEEN, OLE, CHRISTIAN, LOTTE = (uuid.uuid4() for _ in range(4))
ITEMS = [ItemRef(uuid.uuid4(), 1, "Godkendelse af dagsorden", False), ItemRef(uuid.uuid4(), 2, "Personalesag", True)]
SEATED = [{"member_id": str(LOTTE), "name": "Lotte Greve", "party": "O", "role": "substitute"}]


def test_the_members_present_sign_and_the_absent_do_not():
    present = signers([Seat(STEEN, "Steen Hansen", "O", absent=True), Seat(OLE, "Ole Blickfeldt", "O"),
                       Seat(CHRISTIAN, "Christian Plank")], [])
    assert [s.member_id for s in present] == [OLE, CHRISTIAN]


def test_a_substitute_who_stood_in_signs_as_the_substitute_for_the_absent_member():
    present = signers([Seat(STEEN, "Steen Hansen", "O", absent=True, substitute=" lotte  greve"),
                       Seat(OLE, "Ole Blickfeldt", "O")], SEATED)
    assert [(s.member_id, s.display) for s in present] == [
        (OLE, "Ole Blickfeldt (O)"), (LOTTE, "Lotte Greve (O), stedfortræder for Steen Hansen")]


def test_a_substitute_named_but_not_on_the_committee_cannot_sign():
    present = signers([Seat(STEEN, "Steen Hansen", "O", absent=True, substitute="Ukendt Person")], SEATED)
    assert present == []


def test_a_member_present_signs_approved_minutes_once():
    check_may_sign("approved", 1, {OLE}, OLE, already_signed=False)
    with pytest.raises(Conflict, match="allerede underskrevet"):
        check_may_sign("approved", 1, {OLE}, OLE, already_signed=True)


@pytest.mark.parametrize("state", ["open", "correcting"])
def test_minutes_not_approved_cannot_be_signed(state):
    with pytest.raises(Conflict):
        check_may_sign(state, 1, {OLE}, OLE, already_signed=False)


def test_only_a_member_who_was_present_signs_and_only_for_themselves():
    with pytest.raises(Forbidden, match="deltog ikke"):
        check_may_sign("approved", 1, {OLE}, STEEN, already_signed=False)
    with pytest.raises(Forbidden, match="medlemskonto"):
        check_may_sign("approved", 1, {OLE}, None, already_signed=False)


def test_a_reservation_names_an_item_of_the_meeting_and_what_is_wrong():
    held = reservation(str(ITEMS[1].item_id), "  Min stemme er gengivet forkert. ", ITEMS)
    assert (held.item, held.text) == (ITEMS[1], "Min stemme er gengivet forkert.")


def test_an_empty_reservation_text_and_a_missing_item_are_refused_per_field():
    with pytest.raises(Invalid) as refused:
        reservation("", "   ", ITEMS)
    assert refused.value.errors == {"item_id": ["Vælg det punkt, forbeholdet gælder."],
                                    "text": ["Skriv, hvad du mener er forkert i referatet af punktet."]}


def test_an_item_not_on_the_meeting_is_refused_beside_the_item():
    with pytest.raises(Invalid) as refused:
        reservation(str(uuid.uuid4()), "Forkert.", ITEMS)
    assert list(refused.value.errors) == ["item_id"]
    assert "står ikke på mødets dagsorden" in refused.value.errors["item_id"][0]


def test_a_reservation_longer_than_allowed_is_refused():
    with pytest.raises(Invalid) as refused:
        reservation(str(ITEMS[0].item_id), "x" * (MAX_RESERVATION + 1), ITEMS)
    assert refused.value.errors == {"text": ["Højst 5.000 tegn."]}


def test_the_sheet_lists_everyone_present_with_their_signature_or_none():
    present = signers([Seat(OLE, "Ole Blickfeldt", "O"), Seat(CHRISTIAN, "Christian Plank")], [])
    when = datetime(2020, 1, 9, 8, 15, tzinfo=UTC)
    held = reservation(str(ITEMS[0].item_id), "Forkert.", ITEMS)
    lines = signature_sheet(present, [Signature(CHRISTIAN, when, held)])
    assert [(line.signer.name, line.signed_at, line.reservation) for line in lines] == [
        ("Ole Blickfeldt", None, None), ("Christian Plank", when, held)]
    assert [s.name for s in still_to_sign(present, {CHRISTIAN})] == ["Ole Blickfeldt"]
