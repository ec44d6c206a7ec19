"""Address-safe names: 'Udvalget for Børn & Ungdom' -> 'udvalget-for-boern-ungdom'."""

from __future__ import annotations

import re
import unicodedata

_DANISH = (("æ", "ae"), ("ø", "oe"), ("å", "aa"))


def url_slug(name: str, taken: set[str], *, limit: int = 80) -> str:
    """A lower-case ASCII slug of `name` that is not in `taken` ('-2', '-3' ... appended
    when it is). Lower case keeps it apart from committee codes, which are upper case."""
    text = name.casefold()
    for danish, plain in _DANISH:
        text = text.replace(danish, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[: limit - 4].strip("-") or "udvalg"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
