"""Committee members score each candidate per criterion; candidates are ranked by score."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean

MIN_SCORE = 0
MAX_SCORE = 5
SCALE_HINT = "0 = slet ikke, 5 = i meget høj grad"


@dataclass(frozen=True)
class Score:
    candidate_id: str
    member_id: str
    criterion: int
    value: int


@dataclass(frozen=True)
class Candidate:
    id: str
    company_name: str
    cvr: str
    nominations: int


@dataclass(frozen=True)
class RankedCandidate:
    rank: int
    candidate: Candidate
    total: float
    criterion_means: tuple[float | None, ...]
    scorers: int


def score_error(value: int) -> str | None:
    if not MIN_SCORE <= value <= MAX_SCORE:
        return f"Giv mellem {MIN_SCORE} og {MAX_SCORE} point."
    return None


def rank_candidates(candidates: list[Candidate], scores: list[Score], criteria_count: int) -> list[RankedCandidate]:
    """Total = the sum over the criteria of the members' mean score on that criterion (a
    criterion nobody scored adds nothing). Highest total first; then more nominations,
    then the company name. Equal totals and nominations share a rank."""
    by_candidate: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    scorers: dict[str, set[str]] = defaultdict(set)
    for score in scores:
        if 0 <= score.criterion < criteria_count:
            by_candidate[score.candidate_id][score.criterion].append(score.value)
            scorers[score.candidate_id].add(score.member_id)
    rows = []
    for candidate in candidates:
        given = by_candidate.get(candidate.id, {})
        means = tuple(fmean(given[c]) if given.get(c) else None for c in range(criteria_count))
        total = round(sum(m for m in means if m is not None), 2)
        rows.append((candidate, total, means, len(scorers.get(candidate.id, ()))))
    rows.sort(key=lambda row: (-row[1], -row[0].nominations, row[0].company_name.casefold()))
    ranked: list[RankedCandidate] = []
    for position, (candidate, total, means, count) in enumerate(rows, start=1):
        previous = ranked[-1] if ranked else None
        tied = previous is not None and (previous.total, previous.candidate.nominations) == (total, candidate.nominations)
        rank = previous.rank if previous is not None and tied else position
        ranked.append(RankedCandidate(rank, candidate, total, means, count))
    return ranked


def shortlist(ranked: list[RankedCandidate], size: int) -> list[RankedCandidate]:
    """The first `size` candidates, and any that share the last place's rank."""
    if len(ranked) <= size:
        return list(ranked)
    last_rank = ranked[size - 1].rank
    return [row for row in ranked if row.rank <= last_rank]
