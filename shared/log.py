"""Structured logging with a correlation id bound per request and per consumed event."""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

_CORRELATION_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_configured = False


def configure_logging(log_format: str = "console") -> None:
    global _configured
    if _configured:
        return
    _configured = True
    renderer = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")


def get_logger(name: str):
    return structlog.get_logger(name)


def new_correlation_id() -> str:
    return uuid.uuid4().hex


def accept_correlation_id(candidate: str | None) -> str:
    """Keep a caller's correlation id if it is well-formed, else start a new one."""
    if candidate and _CORRELATION_ID.match(candidate):
        return candidate
    return new_correlation_id()


def current_correlation_id() -> str | None:
    return structlog.contextvars.get_contextvars().get("correlation_id")


def bind_correlation_id(correlation_id: str | None) -> None:
    structlog.contextvars.clear_contextvars()
    if correlation_id:
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)


@contextmanager
def message_context(*, correlation_id: str | None, message_id: str | None, consumer: str) -> Iterator[None]:
    """Everything logged while one message is handled names it: bound from the message's
    properties before its body is even parsed, cleared when it is done with."""
    structlog.contextvars.clear_contextvars()
    fields = {"correlation_id": correlation_id, "message_id": message_id, "consumer": consumer}
    structlog.contextvars.bind_contextvars(**{key: value for key, value in fields.items() if value})
    try:
        yield
    finally:
        structlog.contextvars.clear_contextvars()


def bind_event(*, event_id: str, event_type: str, correlation_id: str | None) -> None:
    """Once the envelope is read: what it is, and the correlation id it carries if the
    message's properties had none."""
    structlog.contextvars.bind_contextvars(event_id=event_id, event_type=event_type)
    if correlation_id and not current_correlation_id():
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
