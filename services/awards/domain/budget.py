"""The round's budget, written by the secretariat one line per post: "Traktement | 5.000"."""

from __future__ import annotations

import re

from shared.danish import kroner

_AMOUNT = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(\s*kr\.?)?$", re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """'5.000', '5000' or '5.000 kr.' as whole kroner; None if it is not such an amount."""
    cleaned = text.strip()
    match = _AMOUNT.match(cleaned)
    if not match:
        return None
    return int(match.group(1).replace(".", ""))


def parse_budget(text: str) -> tuple[list[dict], list[str]]:
    """The posts as [{"label", "amount"}], and the problems found (Danish, by line number)."""
    lines, problems = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        label, bar, amount_text = raw.rpartition("|")
        amount = parse_amount(amount_text) if bar else None
        if not label.strip() or amount is None:
            problems.append(f"Linje {number}: skriv en tekst, en lodret streg og et beløb i hele kroner, "
                            f"fx »Traktement | 5.000«.")
            continue
        lines.append({"label": label.strip(), "amount": amount})
    return lines, problems


def budget_text(lines: list[dict]) -> str:
    """The posts back as the lines the secretariat edits."""
    return "\n".join(f"{line['label']} | {kroner(line['amount'])}" for line in lines)


def budget_total(lines: list[dict]) -> int:
    return sum(line["amount"] for line in lines)
