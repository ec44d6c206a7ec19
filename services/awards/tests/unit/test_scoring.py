"""Ranking candidates by the committee members' points."""

from __future__ import annotations

from services.awards.domain.scoring import Candidate, Score, rank_candidates, score_error, shortlist


def candidate(key: str, nominations: int = 1) -> Candidate:
    return Candidate(id=key, company_name=key.capitalize(), cvr="34175829", nominations=nominations)


def test_the_total_is_the_sum_of_the_criteria_means_and_ranks_highest_first():
    scores = [Score("a", "m1", 0, 4), Score("a", "m2", 0, 2), Score("a", "m1", 1, 5),
              Score("b", "m1", 0, 5), Score("b", "m1", 1, 5), Score("b", "m2", 1, 3)]

    ranked = rank_candidates([candidate("a"), candidate("b")], scores, criteria_count=2)

    assert [(r.rank, r.candidate.id, r.total, r.criterion_means, r.scorers) for r in ranked] == [
        (1, "b", 9.0, (5.0, 4.0), 2), (2, "a", 8.0, (3.0, 5.0), 2)]


def test_an_unscored_criterion_adds_nothing_and_an_unscored_candidate_comes_last():
    ranked = rank_candidates([candidate("a"), candidate("b")], [Score("b", "m1", 2, 1)], criteria_count=3)
    assert [(r.candidate.id, r.total, r.criterion_means) for r in ranked] == [
        ("b", 1.0, (None, None, 1.0)), ("a", 0.0, (None, None, None))]


def test_ties_go_to_more_nominations_then_share_a_rank():
    candidates = [candidate("c"), candidate("a", nominations=3), candidate("b")]
    ranked = rank_candidates(candidates, [], criteria_count=1)
    assert [(r.rank, r.candidate.id) for r in ranked] == [(1, "a"), (2, "b"), (2, "c")]


def test_scores_for_criteria_the_round_does_not_have_are_ignored():
    ranked = rank_candidates([candidate("a")], [Score("a", "m1", 7, 5)], criteria_count=2)
    assert ranked[0].total == 0.0


def test_the_shortlist_keeps_everyone_tied_with_the_last_place():
    ranked = rank_candidates([candidate("a"), candidate("b"), candidate("c")],
                             [Score("a", "m", 0, 5), Score("b", "m", 0, 3), Score("c", "m", 0, 3)], criteria_count=1)
    assert [r.candidate.id for r in shortlist(ranked, 1)] == ["a"]
    assert [r.candidate.id for r in shortlist(ranked, 2)] == ["a", "b", "c"]
    assert len(shortlist(ranked, 10)) == 3


def test_points_go_from_0_to_5():
    assert score_error(0) is None and score_error(5) is None
    assert score_error(6) == score_error(-1) == "Giv mellem 0 og 5 point."
