"""AMQP topic matching as the in-process transport applies it."""

from __future__ import annotations

import pytest

from shared.bus.topic import topic_matches


def test_exact_pattern_matches_only_the_same_key():
    key = "agenda.meeting.scheduled.v1"
    assert topic_matches(key, key)
    assert not topic_matches("agenda.meeting.scheduled.v2", key)
    assert not topic_matches("agenda.meeting.scheduled", key)
    assert not topic_matches("agenda.meeting.scheduled.v1.extra", key)


def test_exact_pattern_does_not_match_a_key_that_only_shares_a_prefix_of_a_word():
    assert not topic_matches("agenda.meet", "agenda.meeting")


@pytest.mark.parametrize(
    ("routing_key", "matches"),
    [
        ("agenda.meeting.scheduled.v1", True),
        ("agenda.meeting.cancelled.v1", True),
        ("agenda.meeting.v1", False),  # '*' needs exactly one word, not zero
        ("agenda.meeting.held.extra.v1", False),  # ... and not two
        ("agenda.committee.created.v1", False),
    ],
)
def test_star_matches_exactly_one_word(routing_key, matches):
    assert topic_matches("agenda.meeting.*.v1", routing_key) is matches


@pytest.mark.parametrize(
    ("routing_key", "matches"),
    [
        ("agenda", True),  # zero words after the prefix
        ("agenda.meeting", True),
        ("agenda.meeting.scheduled.v1", True),
        ("decisions.minutes.approved.v1", False),
    ],
)
def test_hash_matches_zero_or_more_words(routing_key, matches):
    assert topic_matches("agenda.#", routing_key) is matches


@pytest.mark.parametrize(
    ("pattern", "routing_key", "matches"),
    [
        ("#", "agenda.meeting.scheduled.v1", True),
        ("#", "anything", True),
        ("#.v1", "agenda.meeting.scheduled.v1", True),
        ("#.v1", "v1", True),
        ("#.v1", "agenda.meeting.scheduled.v2", False),
        ("agenda.#.v1", "agenda.v1", True),
        ("agenda.#.v1", "agenda.meeting.scheduled.v1", True),
        ("agenda.#.v1", "agenda.meeting.scheduled.v2", False),
        ("*.meeting.#", "agenda.meeting", True),
        ("*.meeting.#", "meeting.scheduled", False),
    ],
)
def test_hash_and_star_combine_like_amqp_topic_exchanges(pattern, routing_key, matches):
    assert topic_matches(pattern, routing_key) is matches
