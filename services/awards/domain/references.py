"""Reference numbers on the receipt: short, easy to read aloud, hard to guess."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, or U: nothing to mix up on the phone.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(year: int, choice=secrets.choice) -> str:
    """E.g. 'VP2026-K7QM-3XHD': the award's year and 8 random characters (~39 bits), so
    references need no counter shared between concurrent submissions."""
    body = "".join(choice(ALPHABET) for _ in range(8))
    return f"VP{year}-{body[:4]}-{body[4:]}"
