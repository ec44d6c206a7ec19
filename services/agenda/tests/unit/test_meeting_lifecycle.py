"""What a meeting's state is called and what may still change in it."""

from datetime import date

import pytest

from services.agenda.domain.lifecycle import (
    agenda_change_refusal,
    meeting_state,
    reschedule_refusal,
    shifted,
)


@pytest.mark.parametrize(("status", "minutes", "state"), [
    ("planned", None, "planned"),
    ("published", None, "published"),
    ("held", None, "held"),
    ("held", "approved", "minutes_approved"),
    ("published", "approved", "minutes_approved"),
    ("held", "correcting", "minutes_correcting"),
    ("cancelled", None, "cancelled"),
])
def test_lists_show_the_most_advanced_state(status, minutes, state):
    assert meeting_state(status, minutes) == state


def test_the_agenda_changes_until_the_minutes_are_approved_and_again_while_they_are_corrected():
    assert agenda_change_refusal("published", None) is None
    assert agenda_change_refusal("held", None) is None
    assert agenda_change_refusal("held", "correcting") is None
    assert "Ret referatet" in agenda_change_refusal("held", "approved")
    assert "aflyst" in agenda_change_refusal("cancelled", None)


def test_only_a_meeting_still_to_be_held_moves():
    assert reschedule_refusal("planned", None) is None and reschedule_refusal("published", None) is None
    assert reschedule_refusal("held", None) and reschedule_refusal("published", "approved")
    assert "Genoptag" in reschedule_refusal("cancelled", None)


def test_a_day_tied_to_a_meeting_keeps_its_distance_to_it():
    assert shifted(date(2030, 3, 6), date(2030, 3, 13), date(2030, 3, 20)) == date(2030, 3, 13)
    assert shifted(date(2030, 12, 30), date(2030, 12, 31), date(2031, 1, 7)) == date(2031, 1, 6)
