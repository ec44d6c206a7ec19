"""A TCP proxy the tests can switch off, to play a broker outage on a real connection.

    proxy = TcpProxy(upstream_port=5672); proxy.start()
    ... connect to 127.0.0.1:proxy.port ...
    proxy.stop()   # refuse new connections and kill the forwarded ones
    proxy.start()  # the same port again
    proxy.cut()    # kill the forwarded connections but keep listening
    proxy.silence()  # accept connections but pass nothing on, either way (half-open TCP,
                     # a blocked broker): senders fill the buffers and then wait
    proxy.speak()    # end the silence: the connections it caught are cut, new ones work
    proxy.hang()     # the open connections go silent for good (never cut); new ones work:
                     # a peer recovers only if it gives up on its own

It runs an asyncio loop in a daemon thread; the port is chosen once, at construction. Used
for RabbitMQ (shared/tests/messaging, tests/faults) and PostgreSQL (tests/faults).
"""

from __future__ import annotations

import asyncio
import socket
import threading


class TcpProxy:
    def __init__(self, upstream_host: str = "127.0.0.1", upstream_port: int = 5672) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.host = "127.0.0.1"
        self.port = _free_port(self.host)
        self.connections_seen = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tcp-proxy", daemon=True)
        self._thread.start()
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._talking = asyncio.Event()
        self._talking.set()
        # Per open connection: cleared by hang() for that connection alone.
        self._alive: dict[asyncio.StreamWriter, asyncio.Event] = {}

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        self._call(self._start())

    def stop(self) -> None:
        """Close the listener (new connections are refused) and kill every open connection."""
        self._call(self._stop())

    def cut(self) -> None:
        """Kill every open connection; new ones are still accepted."""
        self._call(self._cut())

    def silence(self) -> None:
        self._call(self._silence())

    def speak(self) -> None:
        self._call(self._speak())

    def hang(self) -> None:
        self._call(self._hang())

    def close(self) -> None:
        """Stop and end the proxy's thread."""
        self.stop()
        self._call(self._end_tasks())  # the hung connections' pumps, which nothing else ends
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    def _call(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _start(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, self.host, self.port, reuse_address=True)

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        await self._cut()

    async def _cut(self) -> None:
        for writer in list(self._writers):
            _abort(writer)
        self._writers.clear()

    async def _end_tasks(self) -> None:
        tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _silence(self) -> None:
        self._talking.clear()

    async def _speak(self) -> None:
        await self._cut()
        self._talking.set()

    async def _hang(self) -> None:
        for alive in self._alive.values():
            alive.clear()

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.connections_seen += 1
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _abort(client_writer)
            return
        pair = {client_writer, upstream_writer}
        self._writers |= pair
        alive = self._alive[client_writer] = asyncio.Event()
        alive.set()
        try:
            await asyncio.gather(
                _pump(client_reader, upstream_writer, (self._talking, alive)),
                _pump(upstream_reader, client_writer, (self._talking, alive)),
            )
        finally:
            for writer in pair:
                _abort(writer)
            self._writers -= pair
            self._alive.pop(client_writer, None)


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                talking: tuple[asyncio.Event, ...]) -> None:
    try:
        while True:
            # While silent, read nothing: the bytes wait in the buffers as on a dead link.
            await _all_set(talking)
            data = await reader.read(65536)
            if not data:
                break
            await _all_set(talking)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError, asyncio.CancelledError):
        pass
    finally:
        # Whichever side ends first, end both: a half-open AMQP connection is of no use.
        _abort(writer)


async def _all_set(events: tuple[asyncio.Event, ...]) -> None:
    for event in events:
        await event.wait()


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close at once with a reset, as a dying network or broker would."""
    transport = writer.transport
    if not transport.is_closing():
        transport.abort()


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]
