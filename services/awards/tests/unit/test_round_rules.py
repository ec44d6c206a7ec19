"""The round's plain rules: the window, dates that fit together, merging, the budget,
reference numbers, and when contact data must be deleted."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from services.awards.domain.budget import budget_text, budget_total, parse_budget
from services.awards.domain.nominations import NominationFacts, candidates, merge_error
from services.awards.domain.references import ALPHABET, new_reference
from services.awards.domain.retention import add_months, purge_due_on, purge_is_due
from services.awards.domain.window import (
    RoundDates,
    WindowState,
    round_date_errors,
    round_end,
    window_state,
    winner_is_public,
)

OPENS = datetime(2020, 1, 13, tzinfo=UTC)
CLOSES = datetime(2020, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(("now", "state"), [
    (OPENS - timedelta(seconds=1), WindowState.NOT_YET_OPEN),
    (OPENS, WindowState.OPEN),
    (CLOSES - timedelta(seconds=1), WindowState.OPEN),
    (CLOSES, WindowState.CLOSED),
])
def test_the_window_takes_nominations_from_opening_until_the_deadline(now, state):
    assert window_state(OPENS, CLOSES, now) is state


def test_a_round_closed_by_the_secretariat_takes_nothing_even_inside_the_window():
    assert window_state(OPENS, CLOSES, OPENS + timedelta(days=1), round_open=False) is WindowState.CLOSED


def test_dates_that_do_not_fit_together_are_reported_by_field():
    errors = round_date_errors(RoundDates(year=1999, opens_at=CLOSES, closes_at=OPENS,
                                          ceremony_on=date(2020, 1, 1), meeting_on=date(2020, 1, 2)))
    assert set(errors) == {"year", "closes_on", "ceremony_on", "meeting_id"}
    assert round_date_errors(RoundDates(2019, OPENS, CLOSES, date(2020, 5, 20), date(2020, 4, 15))) == {}
    assert round_date_errors(RoundDates(2019, OPENS, CLOSES, date(2020, 4, 1), date(2020, 4, 15)))["ceremony_on"] == [
        "Prisoverrækkelsen skal ligge efter mødet, hvor vinderen vælges."]


def test_the_round_ends_with_the_ceremony_and_the_winner_is_public_the_day_after():
    assert round_end(CLOSES, date(2020, 5, 20)) == date(2020, 5, 20)
    assert round_end(CLOSES, None) == date(2020, 3, 1)
    assert not winner_is_public(date(2020, 5, 20), date(2020, 5, 20))
    assert winner_is_public(date(2020, 5, 20), date(2020, 5, 21))
    assert not winner_is_public(None, date(2030, 1, 1))


def facts(key: str, cvr: str = "34175829", valid: bool = True, merged_into: str | None = None, round_id: str = "r"):
    return NominationFacts(id=key, round_id=round_id, cvr=cvr, valid=valid, merged_into=merged_into)


@pytest.mark.parametrize(("target", "other", "problem"), [
    (facts("a"), facts("b"), None),
    (facts("a"), facts("a"), "sig selv"),
    (facts("a"), facts("b", round_id="other"), "forskellige runder"),
    (facts("a"), facts("b", cvr="29503613"), "samme CVR-nummer"),
    (facts("a"), facts("b", valid=False), "afvist"),
    (facts("a", merged_into="c"), facts("b"), "de andre er lagt ind under"),
    (facts("a"), facts("b", merged_into="c"), "allerede lagt sammen"),
])
def test_only_valid_nominations_of_the_same_company_merge(target, other, problem):
    found = merge_error(target, other)
    assert found is None if problem is None else problem in found


def test_each_company_is_one_candidate_led_by_its_oldest_valid_nomination():
    found = candidates([facts("a", cvr="1"), facts("b", cvr="2"), facts("c", cvr="1"), facts("d", cvr="1", valid=False)])
    assert found == {"a": ["a", "c"], "b": ["b"]}


def test_a_merge_chooses_which_nomination_leads_its_company():
    found = candidates([facts("a", merged_into="c"), facts("b", merged_into="c"), facts("c")])
    assert found == {"c": ["c", "a", "b"]}


def test_the_budget_is_read_line_by_line_in_whole_kroner():
    lines, problems = parse_budget("Kunstværk af lokal kunstner | 5.000 kr.\n\nTraktement|5000\nAnnoncering | fem")
    assert lines == [{"label": "Kunstværk af lokal kunstner", "amount": 5000}, {"label": "Traktement", "amount": 5000}]
    assert problems == ["Linje 4: skriv en tekst, en lodret streg og et beløb i hele kroner, fx »Traktement | 5.000«."]
    assert budget_total(lines) == 10000
    assert parse_budget(budget_text(lines)) == (lines, [])


def test_reference_numbers_carry_the_year_and_unambiguous_characters():
    reference = new_reference(2026, random.Random(4).choice)
    assert reference.startswith("VP2026-") and len(reference) == 16
    assert set(reference[7:].replace("-", "")) <= set(ALPHABET)
    assert not set("01ILOU") & set(ALPHABET)


def test_contact_data_is_due_for_deletion_the_given_months_after_the_round_ended():
    assert add_months(date(2020, 8, 31), 6) == date(2021, 2, 28)
    assert purge_due_on(date(2020, 5, 20), 6) == date(2020, 11, 20)
    assert not purge_is_due(date(2020, 5, 20), 6, date(2020, 11, 19))
    assert purge_is_due(date(2020, 5, 20), 6, date(2020, 11, 20))
    assert purge_is_due(date(2020, 5, 20), 0, date(2020, 5, 20))
    with pytest.raises(ValueError):
        purge_due_on(date(2020, 5, 20), -1)
