"""Dead letters an operator can work with, on a plain RabbitMQ (no management or shovel
plugin) or, in the embedded system, in the service's dead_letters table.

    list     every dead letter: event id, type, reason, consumer, attempts, when
    show     one dead letter in full: headers and body
    replay   send dead letters back to the service's own queue, to be handled afresh
             (after the cause is fixed); each is removed from the dead-letter queue only
             once the broker confirmed its replay, and the inbox drops it if the event
             had in fact been handled already
    purge    throw dead letters away for good

On RabbitMQ the dead-letter queue is read with basic.get without acking: what is not
replayed or purged goes back to the queue when the command's channel closes. Replays go
through the consumer's own exchange (routing key "replay"), which the service's broker
account may write to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, select, update

from shared.bus.consumer import EventConsumer
from shared.bus.rabbitmq import (
    ATTEMPTS_HEADER,
    CONSUMER_HEADER,
    DEAD_AT_HEADER,
    ERROR_HEADER,
    REASON_HEADER,
)
from shared.bus.topology import REPLAY_KEY, broker_connection, consumer_queues
from shared.db.types import utcnow
from shared.log import get_logger

log = get_logger(__name__)

REPLAYED_AT_HEADER = "x-udvalg-replayed-at"


@dataclass
class DeadLetter:
    """One dead letter as an operator sees it. `body` is the envelope, or the raw bytes'
    text when the message could not be read as JSON."""

    event_id: str
    event_type: str
    reason: str
    consumer: str
    attempts: int
    dead_lettered_at: str
    error: str
    correlation_id: str
    body: Any
    headers: dict = field(default_factory=dict)
    handle: Any = None  # the broker message or table row it came from

    def summary(self) -> str:
        return (f"{self.event_id or '-'}  {self.event_type or '-'}  {self.reason}  {self.consumer}  "
                f"attempts {self.attempts}  {self.dead_lettered_at}\n    {self.error}")

    def details(self) -> str:
        body = self.body if isinstance(self.body, str) else json.dumps(self.body, indent=2, ensure_ascii=False)
        headers = json.dumps(self.headers, indent=2, ensure_ascii=False, default=str)
        return f"{self.summary()}\ncorrelation id: {self.correlation_id or '-'}\nheaders: {headers}\nbody:\n{body}"


class DeadLetterStore(Protocol):
    def session(self) -> Any:
        """A context manager yielding the dead letters; those neither replayed nor purged
        in it stay where they were."""

    def replay(self, letter: DeadLetter) -> None: ...

    def purge(self, letter: DeadLetter) -> None: ...


class BrokerDeadLetters:
    """The consumer's dead-letter queue on RabbitMQ."""

    def __init__(self, url: str, consumer_name: str, timeout: float = 10.0) -> None:
        self._url = url
        self._queues = consumer_queues(consumer_name, [])
        self._timeout = timeout
        self._channel: Any = None
        self._producer: Any = None

    @contextmanager
    def session(self) -> Iterator[list[DeadLetter]]:
        with broker_connection(self._url, timeout=self._timeout) as connection:
            self._channel = connection.channel()
            self._producer = connection.Producer(channel=connection.channel())
            try:
                yield list(self._take_all())
            finally:
                # Unacked messages go back to the queue when their channel closes.
                self._channel.close()
                self._channel = self._producer = None

    def _take_all(self) -> Iterator[DeadLetter]:
        queue = self._queues.dead(self._channel)
        while (message := queue.get(no_ack=False, accept=["application/json"])) is not None:
            yield _from_message(message)

    def replay(self, letter: DeadLetter) -> None:
        message = letter.handle
        properties = message.properties or {}
        headers = {key: value for key, value in (message.headers or {}).items()
                   if not key.startswith("x-udvalg-") and key not in ("x-death", "x-first-death-exchange",
                                                                     "x-first-death-queue", "x-first-death-reason",
                                                                     "x-delivery-count")}
        self._producer.publish(
            message.body,
            exchange=self._queues.exchange,
            routing_key=REPLAY_KEY,
            content_type=message.content_type or "application/octet-stream",
            content_encoding=message.content_encoding or "binary",
            delivery_mode=2,
            message_id=properties.get("message_id"),
            correlation_id=properties.get("correlation_id"),
            type=properties.get("type"),
            headers={**headers, REPLAYED_AT_HEADER: utcnow().isoformat()},
            timeout=self._timeout,
        )
        message.ack()

    def purge(self, letter: DeadLetter) -> None:
        letter.handle.ack()


def _from_message(message) -> DeadLetter:
    headers = dict(message.headers or {})
    properties = message.properties or {}
    try:
        body: Any = message.decode()
    except Exception:  # noqa: BLE001 - an undecodable dead letter is shown as it is
        body = message.body.decode("utf-8", errors="replace") if isinstance(message.body, bytes) else message.body
    envelope = body if isinstance(body, dict) else {}
    reason = headers.get(REASON_HEADER)
    if reason is None:
        # Dead-lettered by the broker itself (e.g. a reject): its x-death header says so.
        deaths = headers.get("x-death") or [{}]
        reason = f"broker: {deaths[0].get('reason', 'unknown')}"
    return DeadLetter(
        event_id=str(properties.get("message_id") or envelope.get("id") or ""),
        event_type=str(properties.get("type") or envelope.get("type") or ""),
        reason=str(reason),
        consumer=str(headers.get(CONSUMER_HEADER, "")),
        attempts=int(headers.get(ATTEMPTS_HEADER, 0)),
        dead_lettered_at=_iso(headers.get(DEAD_AT_HEADER, "")),
        error=str(headers.get(ERROR_HEADER, "")),
        correlation_id=str(properties.get("correlation_id") or envelope.get("correlationid") or ""),
        body=body,
        headers=headers,
        handle=message,
    )


class TableDeadLetters:
    """The embedded system's dead letters: rows of the service's dead_letters table. A
    replay hands the envelope to the service's consumer in this process."""

    def __init__(self, engine, tables, consumer: EventConsumer) -> None:
        self._engine = engine
        self._table = tables.dead_letters
        self._consumer = consumer

    @contextmanager
    def session(self) -> Iterator[list[DeadLetter]]:
        table = self._table
        with self._engine.connect() as conn:
            rows = conn.execute(select(table).where(table.c.replayed_at.is_(None)).order_by(table.c.id)).all()
        # The in-process bus writes the reason in front of the error ("invalid: ...").
        yield [DeadLetter(
            event_id=row.event_id, event_type=str(row.envelope.get("type", "")), reason=row.error.split(":", 1)[0],
            consumer=row.consumer, attempts=row.attempts, dead_lettered_at=_iso(row.created_at), error=row.error,
            correlation_id=str(row.envelope.get("correlationid") or ""), body=row.envelope, handle=row.id,
        ) for row in rows]

    def replay(self, letter: DeadLetter) -> None:
        self._consumer.handle(letter.body)
        with self._engine.begin() as conn:
            conn.execute(update(self._table).where(self._table.c.id == letter.handle).values(replayed_at=utcnow()))

    def purge(self, letter: DeadLetter) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(self._table).where(self._table.c.id == letter.handle))


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def run_command(store: DeadLetterStore, action: str, event_ids: Iterable[str], every: bool,
                out: Callable[[str], None] = print) -> int:
    """The dead-letters command; returns how many letters it listed, showed, replayed or purged."""
    wanted = set(event_ids)
    with store.session() as letters:
        chosen = [letter for letter in letters if every or letter.event_id in wanted]
        missing = wanted - {letter.event_id for letter in letters}
        if action == "list":
            for letter in letters:
                out(letter.summary())
            out(f"{len(letters)} dead letter(s)")
            return len(letters)
        for event_id in sorted(missing):
            out(f"no dead letter with event id {event_id}")
        done = 0
        for letter in chosen:
            if action == "show":
                out(letter.details())
            elif action == "replay":
                try:
                    store.replay(letter)
                except Exception as exc:  # noqa: BLE001 - say which one failed, go on with the rest
                    out(f"not replayed {letter.event_id}: {exc!r}")
                    continue
                log.info("dead_letters.replayed", event_id=letter.event_id, event_type=letter.event_type)
                out(f"replayed {letter.event_id}")
            elif action == "purge":
                store.purge(letter)
                log.info("dead_letters.purged", event_id=letter.event_id, event_type=letter.event_type)
                out(f"purged {letter.event_id}")
            done += 1
        if action != "show":
            out(f"{done} dead letter(s) {PAST[action]}")
        return done


PAST = {"replay": "replayed", "purge": "purged"}
