"""Control characters in text: refused where text comes in, removed where text goes out
to XML.

Text fields take tab and line breaks but no other C0 control character (U+0000-U+001F):
PostgreSQL cannot store a NUL, XML (and so every Word document) cannot hold the others,
and none of them is typed by a person; they arrive by pasting from other programs or by
attack. Lone surrogates cannot be stored as UTF-8 at all.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# What XML 1.0 cannot hold (its Char production); U+FFFE and U+FFFF are not characters.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

MESSAGE = ("Teksten indeholder et usynligt styretegn (kontroltegn), som ikke kan gemmes. "
           "Skriv eller indsæt teksten igen uden det.")


def has_forbidden_characters(text: str) -> bool:
    return FORBIDDEN.search(text) is not None


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold: for documents built from stored text."""
    return NOT_XML.sub("", text)


def forbidden_in(value) -> dict:
    """Where in a JSON-like value (dicts, lists, strings) forbidden characters stand, as
    marshmallow's nested error messages: {"field": [MESSAGE]}, {"points": {0: [MESSAGE]}}."""
    errors: dict = {}
    items = value.items() if hasattr(value, "items") else enumerate(value) if isinstance(value, list) else ()
    for key, inner in items:
        if isinstance(inner, str):
            if has_forbidden_characters(inner):
                errors[key] = [MESSAGE]
        elif isinstance(inner, (list, dict)) or hasattr(inner, "items"):
            nested = forbidden_in(inner)
            if nested:
                errors[key] = nested
    return errors
