"""The latest of the committee's decisions on a round's item stands."""

from datetime import UTC, datetime, timedelta

from services.awards.domain.decisions import is_latest_decision

AT = datetime(2030, 4, 15, 17, 0, tzinfo=UTC)


def test_a_newer_or_equally_new_decision_stands():
    assert is_latest_decision(AT + timedelta(seconds=1), AT)
    assert is_latest_decision(AT, AT)


def test_an_older_decision_does_not():
    assert not is_latest_decision(AT - timedelta(seconds=1), AT)


def test_the_first_decision_and_one_without_a_time_stand():
    assert is_latest_decision(AT, None)
    assert is_latest_decision(None, AT)
