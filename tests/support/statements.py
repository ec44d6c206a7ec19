"""Counting the SQL statements a request sends, to show that a page's number of statements
does not grow with the number of items or meetings it lists (no N+1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[str]]:
    """Every statement the engine sends while the block runs, in order."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def statements_for(engine: Engine, request: Callable[[], object]) -> list[str]:
    """The statements one request sends (`request` makes it and checks its answer)."""
    with statements_sent(engine) as sent:
        request()
    return list(sent)


@dataclass(frozen=True)
class Page:
    """A page or API answer to count, fetched by one kind of user in a sized world."""

    name: str
    who: str  # "anonymous", "secretary" or "member"
    path: Callable[[Any], str]
    warm: bool = False  # counted on the second fetch (a cached answer)

    def __str__(self) -> str:
        return self.name


def statements_of_get(engine: Engine, client: Any, path: str, label: object) -> list[str]:
    """The statements one GET of `path` sends; the answer must be 200."""

    def fetch() -> None:
        response = client.get(path)
        assert response.status_code == 200, (label, response.status_code)

    return statements_for(engine, fetch)


def growth_report(small: list[str], large: list[str]) -> str:
    """What the larger page sent more of, statement by statement, for a failing test."""
    extra = list(large)
    for statement in small:
        if statement in extra:
            extra.remove(statement)
    lines = [f"{len(small)} statements for the small page, {len(large)} for the large; sent more often:"]
    seen: dict[str, int] = {}
    for statement in extra:
        seen[statement] = seen.get(statement, 0) + 1
    lines += [f"  {count} x {statement.splitlines()[0][:160]}" for statement, count in seen.items()]
    return "\n".join(lines)
