"""The Word annex of a round's shortlist."""
