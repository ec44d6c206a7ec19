"""The award's plain rules: CVR numbers, the nomination window, scoring and ranking,
merging nominations, and when nominators' contact data must go. No Flask, no database."""
