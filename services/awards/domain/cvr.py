"""The Danish CVR number: 8 digits whose weighted sum is divisible by 11 (modulus 11)."""

from __future__ import annotations

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise_cvr(value: str) -> str:
    """What people type ("DK 12 34 56 78", "12345678") as 8 digits; spaces, dashes, dots
    and a "DK" prefix are dropped. Anything else is left for `cvr_error` to reject."""
    text = (value or "").strip().upper().removeprefix("DK")
    return "".join(ch for ch in text if ch not in " -.\u00a0")


def is_valid_cvr(value: str) -> bool:
    return cvr_error(value) is None


def cvr_error(value: str) -> str | None:
    """Why the CVR number is not valid (Danish, for the form), or None."""
    digits = normalise_cvr(value)
    if not digits:
        return "Skriv virksomhedens CVR-nummer."
    if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
        return "Et CVR-nummer består af 8 cifre."
    if digits[0] == "0":
        return "Et CVR-nummer begynder ikke med 0."
    if sum(int(d) * w for d, w in zip(digits, WEIGHTS)) % 11:
        return "Det er ikke et gyldigt CVR-nummer: kontrolcifferet passer ikke. Tjek, at cifrene er skrevet rigtigt."
    return None
