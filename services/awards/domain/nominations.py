"""Which nominations can be merged, and what a candidate is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NominationFacts:
    id: str
    round_id: str
    cvr: str
    valid: bool
    merged_into: str | None


def merge_error(target: NominationFacts, other: NominationFacts) -> str | None:
    """Why `other` cannot be merged into `target` (Danish), or None.

    A merge joins nominations of the same company (same CVR number) in the same round
    into one candidate: `target` stays, `other` is shown under it."""
    if target.id == other.id:
        return "En indstilling kan ikke lægges sammen med sig selv."
    if target.round_id != other.round_id:
        return "Indstillingerne hører til forskellige runder."
    if target.cvr != other.cvr:
        return "Kun indstillinger af samme virksomhed (samme CVR-nummer) kan lægges sammen."
    if not (target.valid and other.valid):
        return "En afvist indstilling kan ikke lægges sammen med andre."
    if target.merged_into is not None:
        return "Vælg den indstilling, de andre er lagt ind under."
    if other.merged_into is not None:
        return "Indstillingen er allerede lagt sammen med en anden."
    return None


def candidates(nominations: list[NominationFacts]) -> dict[str, list[str]]:
    """One candidate per company: the valid nominations of a CVR number, in the order
    given (oldest first), under the one that stands for them. That is the one the others
    were merged into, else the oldest: merging only chooses which nomination leads."""
    by_company: dict[str, list[NominationFacts]] = {}
    for nomination in nominations:
        if nomination.valid:
            by_company.setdefault(nomination.cvr, []).append(nomination)
    groups: dict[str, list[str]] = {}
    for same in by_company.values():
        lead = next((n for n in same if n.merged_into is None), same[0])
        groups[lead.id] = [lead.id] + [n.id for n in same if n is not lead]
    return groups
