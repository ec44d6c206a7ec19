"""Local clock times where summer time makes the clock jump (Europe/Copenhagen)."""

from datetime import UTC, date, datetime, time

from shared.localtime import at, exists, is_ambiguous, missing_time_message, occurrence_names

ZONE = "Europe/Copenhagen"
SPRING, AUTUMN = date(2026, 3, 29), date(2026, 10, 25)  # the last Sundays of March and October


def test_a_time_the_clock_jumps_over_does_not_exist_and_is_refused_in_danish():
    assert not exists(SPRING, time(2, 30), ZONE)
    assert missing_time_message(SPRING, time(2, 30), ZONE) == (
        "Klokken 02:30 findes ikke 29. marts 2026: urene stilles 1 time frem den nat (sommertid). "
        "Vælg et andet tidspunkt.")


def test_times_around_the_jump_exist():
    for clock in (time(1, 59), time(3, 0), time(16, 30)):
        assert exists(SPRING, clock, ZONE) and missing_time_message(SPRING, clock, ZONE) is None


def test_a_time_shown_twice_is_ambiguous_and_each_occurrence_is_its_own_instant():
    assert is_ambiguous(AUTUMN, time(2, 30), ZONE) and not is_ambiguous(AUTUMN, time(3, 30), ZONE)
    assert at(AUTUMN, time(2, 30), ZONE, fold=0).astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert at(AUTUMN, time(2, 30), ZONE, fold=1).astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    first, second = occurrence_names(AUTUMN, time(2, 30), ZONE)
    assert "sommertid (UTC+02:00)" in first and "vintertid (UTC+01:00)" in second


def test_an_ordinary_time_is_neither_missing_nor_ambiguous():
    assert exists(date(2026, 1, 8), time(16, 30), ZONE) and not is_ambiguous(date(2026, 1, 8), time(16, 30), ZONE)
