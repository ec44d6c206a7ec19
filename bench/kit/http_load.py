"""Many concurrent HTTP clients in one asyncio loop, light enough that the servers, not
the clients, are what is measured.

Each request opens its own connection and asks the server to close it, as gunicorn's sync
workers do anyway. Only what a form needs is understood: status, headers, a body of
known length (or up to the end), one session cookie.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

# WTForms writes attributes in alphabetical order: name, type, value.
HIDDEN_INPUT = re.compile(rb'<input[^>]*\bname="([^"]+)"[^>]*\btype="hidden"[^>]*\bvalue="([^"]*)"')


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)


class Client:
    """One browser: its own cookies, requests to one host."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.headers = dict(headers or {})

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Answer:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in {**self.headers, **(headers or {})}.items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            raw = await reader.read(-1)
        finally:
            writer.close()
        answer = parse_answer(raw)
        self.cookies.update(answer.cookies)
        return answer


def parse_answer(raw: bytes) -> Answer:
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        value = value.strip()
        if name.lower() == "set-cookie":
            cookie_name, _, cookie_value = value.split(";", 1)[0].partition("=")
            cookies[cookie_name] = cookie_value
        headers[name.lower()] = value
    if "content-length" in headers:
        body = body[:int(headers["content-length"])]
    return Answer(int(status_line.split()[1]), headers, body, cookies)


def hidden_fields(html: bytes) -> dict[str, str]:
    """The form's hidden inputs (CSRF token, submission id), as a browser sends them back."""
    found: dict[str, str] = {}
    for name, value in HIDDEN_INPUT.findall(html):
        found[name.decode()] = value.decode().replace("&#34;", '"').replace("&amp;", "&")
    return found


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends a form with a file input; an empty
    file input is sent as a part with an empty file name, as browsers do."""
    boundary = "----udvalgbench" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")
    for name, (filename, content) in (files or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def run_clients(clients: int, seconds: float, one: Callable[[int, int], Awaitable[None]]) -> tuple[int, float]:
    """`clients` concurrent loops each doing job after job, `one(client, job)`, until
    `seconds` have passed (a job under way is finished). The jobs done, and their rate per
    second from the first start to the last finish."""
    async def main() -> tuple[int, float]:
        jobs = itertools.count()
        started = time.perf_counter()
        deadline = started + seconds

        async def loop(client: int) -> int:
            done = 0
            while time.perf_counter() < deadline:
                await one(client, next(jobs))
                done += 1
            return done

        done = sum(await asyncio.gather(*(loop(client) for client in range(clients))))
        return done, done / (time.perf_counter() - started)

    return asyncio.run(main())
