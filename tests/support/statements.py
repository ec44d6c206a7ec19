"""Counting the SQL statements a request sends, to show that a page's number of statements
does not grow with the number of items or meetings it lists (no N+1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

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
