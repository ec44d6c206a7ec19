"""Last-Modified moves whenever a feed's bytes change, never backwards, in whole seconds."""

from datetime import UTC, datetime, timedelta

from services.agenda.calendar.operations.feeds import next_change_stamp

PREVIOUS = datetime(2030, 3, 1, 9, 0, 0, 100000, tzinfo=UTC)


def test_a_changed_body_is_stamped_with_its_rows_change_when_that_is_later():
    derived = datetime(2030, 3, 2, 8, 0, 0, 500000, tzinfo=UTC)
    assert next_change_stamp(PREVIOUS, derived, now=datetime(2030, 3, 3, tzinfo=UTC)) == derived.replace(microsecond=0)


def test_a_body_changed_with_no_newer_row_is_stamped_now():
    now = datetime(2030, 3, 5, 12, 0, 0, 250000, tzinfo=UTC)
    assert next_change_stamp(PREVIOUS, derived=PREVIOUS, now=now) == datetime(2030, 3, 5, 12, 0, tzinfo=UTC)


def test_a_second_change_within_the_same_second_still_moves_last_modified_by_a_second():
    stamp = next_change_stamp(PREVIOUS, derived=PREVIOUS, now=PREVIOUS + timedelta(milliseconds=300))
    assert stamp == datetime(2030, 3, 1, 9, 0, 1, tzinfo=UTC)


def test_a_clock_behind_the_previous_stamp_never_moves_last_modified_backwards():
    stamp = next_change_stamp(PREVIOUS, derived=PREVIOUS - timedelta(days=1), now=PREVIOUS - timedelta(hours=1))
    assert stamp > PREVIOUS
