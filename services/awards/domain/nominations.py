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


def is_candidate(valid: bool, merged_into: object | None) -> bool:
    """A valid nomination that is not merged into another stands for its company."""
    return valid and merged_into is None
