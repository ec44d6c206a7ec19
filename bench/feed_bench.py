"""How fast a committee's iCal feed of 1,000 events is served, measured in one run:

    feed-cached  the feed answered from the cache, as a ratio to a bare Flask route that
                 returns the same bytes (target: at most 1.2). The bare route is added to
                 the same app under /calendar/, so both pass the app's own per-request
                 hooks (correlation id, error handling); the ratio is what the view adds.
    feed-cold    the feed built after a change (database read, events, iCalendar, ETag),
                 as a ratio to building the same calendar, byte for byte, with icalendar
                 alone from values already in memory (target: at most 1.5)

Both are called as WSGI applications in this process (no network, no test client),
so the ratios compare the work of the views. Project and floor run interleaved (see
bench/harness.py). Prints the ratios; asserts nothing about time.

Run from the repository root:  .venv/bin/python bench/feed_bench.py [--events 1000]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness
import icalendar
from flask import Flask, Response
from werkzeug.test import EnvironBuilder

from services.agenda.app import create_app
from services.agenda.bootstrap import build_runtime
from services.agenda.calendar.domain.ical import CANCELLED_PREFIX, PRODID, REFRESH
from services.agenda.calendar.domain.vtimezone import vtimezone
from services.agenda.operations import committees, meetings, municipalities
from shared.auth import SYSTEM
from shared.config import Settings

FEED = "/calendar/bench/JA.ics"
BARE = "/calendar/bare.ics"
ZONE = "Europe/Copenhagen"


def make_runtime(folder: Path, events: int):
    """A municipality with one committee and `events` meetings, one a week from 2020 on,
    every tenth cancelled (through the service layer, as real use makes them)."""
    runtime = build_runtime(Settings.for_service(
        "agenda", database_url=f"sqlite:///{folder / 'agenda.sqlite'}", broker_url=None, secret_key="bench"))
    runtime.migrate()
    with runtime.uow() as uow:
        municipalities.register_municipality(uow, SYSTEM, {"slug": "bench", "name": "Bench Kommune"})
    with runtime.uow() as uow:
        committee = committees.create_committee(uow, SYSTEM, "bench", {"name": "Udvalget for Job & Arbejdsmarked",
                                                                       "code": "JA"})
        committee_id = committee.id
    with runtime.uow() as uow:
        ids = [meetings.add_meeting(uow, SYSTEM, committee_id, {
            "date": date(2020, 1, 8) + timedelta(weeks=n), "start_time": clock(16, 30), "end_time": clock(19),
            "place": f"Mødelokale {n % 4 + 1}, Lejrevej 15, 4320 Allerslev"}).id for n in range(events)]
        uow.commit()
    for meeting_id in ids[::10]:
        with runtime.uow() as uow:
            meetings.cancel_meeting(uow, SYSTEM, meeting_id, "Ingen sager")
    return runtime


def call(app, environ_args: dict) -> tuple[int, bytes]:
    """One request through the WSGI app; the status and the body."""
    environ = EnvironBuilder(**environ_args).get_environ()
    status = []
    body = b"".join(app(environ, lambda s, headers, exc_info=None: status.append(s)))
    return int(status[0].split()[0]), body


def mean_seconds(action, repeat: int):
    """A harness side: the mean seconds of `repeat` calls, in µs or ms."""
    def sample() -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            action()
        return (time.perf_counter() - start) / repeat
    return sample


def add_bare_route(app: Flask, body: list[bytes]) -> None:
    """A route that returns the feed's bytes and does nothing else (body[0], set later)."""
    app.add_url_rule(BARE, "bare", lambda: Response(body[0], content_type="text/calendar; charset=utf-8"))


def event_values(calendar: icalendar.Calendar) -> list[dict]:
    """Each event's final values, as plain Python data: what icalendar alone starts from."""
    return [{name: event.decoded(name) for name in event if name not in ("CATEGORIES",)}
            | {"CATEGORIES": [str(c) for c in event.get("CATEGORIES").cats]} for event in calendar.walk("VEVENT")]


def icalendar_alone(name: str, description: str, events: list[dict]) -> bytes:
    """The same calendar built with icalendar directly, property by property."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.prop.vDuration(REFRESH))
    calendar.add_component(vtimezone(ZONE, min(e["DTSTART"].year for e in events)))
    for values in events:
        event = icalendar.Event()
        for key in ("UID", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "CREATED", "SUMMARY", "DTSTART", "DTEND",
                    "LOCATION", "DESCRIPTION", "URL", "STATUS", "CLASS", "CATEGORIES"):
            if key in values:
                event.add(key.lower(), values[key])
        calendar.add_component(event)
    return calendar.to_ical()


def main() -> None:
    args = harness.arguments(__doc__, budget=80, events=(int, 1000, "meetings in the feed"))
    with tempfile.TemporaryDirectory() as folder:
        runtime = make_runtime(Path(folder), args.events)
        app = create_app(runtime)
        same_bytes: list[bytes] = []
        add_bare_route(app, same_bytes)
        request = {"path": FEED, "base_url": "http://127.0.0.1:8000/agenda"}
        bare = {**request, "path": BARE}
        status, body = call(app, request)
        assert status == 200
        parsed = icalendar.Calendar.from_ical(body)
        assert len(parsed.walk("VEVENT")) == args.events
        assert sum(str(e["SUMMARY"]).startswith(CANCELLED_PREFIX) for e in parsed.walk("VEVENT")) == args.events // 10
        same_bytes.append(body)
        assert call(app, bare) == (200, body)
        print(f"Feed of {args.events} events, {len(body) / 1024:.0f} KiB")

        def in_us(sample):
            return lambda: sample() * 1e6

        cached = harness.interleave("Cached feed answer", [
            harness.Side("feed view, cached", in_us(mean_seconds(lambda: call(app, request), 200)), unit="µs"),
            harness.Side("bare route, same bytes", in_us(mean_seconds(lambda: call(app, bare), 200)), unit="µs"),
        ], budget_seconds=args.budget / 2)

        cache = app.extensions["agenda.calendar.feeds"]
        values = event_values(parsed)
        name, description = str(parsed["X-WR-CALNAME"]), str(parsed["X-WR-CALDESC"])
        assert icalendar_alone(name, description, values) == body, "the baseline must build the same bytes"

        def cold():
            cache.clear()
            assert call(app, request)[0] == 200

        builds = cache.builds
        cold_result = harness.interleave("Cold feed build", [
            harness.Side("feed view, after a change", lambda: mean_seconds(cold, 1)() * 1e3, unit="ms"),
            harness.Side("icalendar alone", lambda: mean_seconds(
                lambda: icalendar_alone(name, description, values), 1)() * 1e3, unit="ms"),
        ], budget_seconds=args.budget / 2)
        assert cache.builds > builds
        runtime.dispose()
    harness.print_ratios([
        cached.ratio("feed-cached", "feed view, cached", "bare route, same bytes", target=1.2),
        cold_result.ratio("feed-cold", "feed view, after a change", "icalendar alone", target=1.5),
    ])


if __name__ == "__main__":
    main()
