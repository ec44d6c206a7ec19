"""Stand-ins for the broker in tests that are about the outbox and the relay, not RabbitMQ."""

from __future__ import annotations

from shared.bus.relay import BatchResult
from shared.db.types import utcnow


class RecordingPublisher:
    """Stands in for the broker: remembers what it was handed, when it returned and what
    it confirmed. `nack` holds message numbers (counted from 1 over all batches) the
    broker refuses; from message `lose_from` on, the connection is gone and nothing more
    is confirmed."""

    def __init__(self, nack: set[int] | None = None, lose_from: int | None = None) -> None:
        self.calls: list[tuple[str, str]] = []  # (event id, routing key)
        self.returned_at: dict[str, object] = {}
        self._nack = nack or set()
        self._lose_from = lose_from

    def publish_batch(self, messages) -> BatchResult:
        confirmed: list[int] = []
        error: Exception | None = None
        for index, (envelope, routing_key) in enumerate(messages):
            number = len(self.calls) + 1
            if self._lose_from is not None and number >= self._lose_from:
                error = ConnectionError("broker went away")
                break
            self.calls.append((envelope["id"], routing_key))
            if number in self._nack:
                error = error or RuntimeError("broker refused a message")
            else:
                confirmed.append(index)
        for index in confirmed:
            self.returned_at[messages[index][0]["id"]] = utcnow()
        return BatchResult(confirmed, error)

    def keepalive(self) -> None:
        pass
