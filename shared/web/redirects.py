"""Where a page may send the browser on: only to a path on this site.

An open redirect lets a phishing link borrow our login page ("log in, and you land on
evil.example"). Browsers forgive a lot: they drop tabs and line breaks anywhere in a URL,
read a backslash as a slash, and take "//host" (or "/\\host") as another site. So the
target is judged as the browser will read it, and so is each percent-decoded form (a later
hop may decode it): control characters and whitespace removed, then it must split into no
scheme and no host, with a path that starts with exactly one "/" and holds no backslash.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# C0 controls, space, DEL, C1 controls and every other Unicode space.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def _is_local(target: str) -> bool:
    # On the string itself too: urlsplit reads "///host" as an empty host, a browser as "//host".
    if "\\" in target or not target.startswith("/") or target.startswith("//"):
        return False
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc and parts.path.startswith("/") and not parts.path.startswith("//")


def local_target(target: str | None) -> str | None:
    """The target as a same-site path, or None if it could lead anywhere else."""
    if not target:
        return None
    cleaned = _INVISIBLE.sub("", target)
    form = cleaned
    # Every decoded form must be local too, however often a later hop decodes it.
    for _ in range(4):
        if not _is_local(form):
            return None
        decoded = _INVISIBLE.sub("", unquote(form))
        if decoded == form:
            return cleaned
        form = decoded
    return None
