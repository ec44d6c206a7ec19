"""How fast a committee's iCal feed of 1,000 events is served, measured in one run:

    feed-cached   the feed answered from the cache, as a ratio to a bare Flask route that
                  returns the same bytes (target: at most 1.2). The bare routes are added
                  to the same app under /calendar/, so both pass the app's own per-request
                  hooks (correlation id, error handling); the ratio is what the view adds.
    feed-304      the same feed revalidated by a client holding it (If-None-Match: its
                  ETag), answered 304 Not Modified, as a ratio to a bare route answering
                  the same 304 with the same ETag, Last-Modified and Cache-Control
                  (target: at most 1.2)
    feed-private  a member's private feed (all their committees, closed items' titles),
                  as a ratio to a bare route returning the same bytes (target: at most
                  1.2). The private feed checks its token against the database on every
                  request, so that a revoked link is refused at once in every process;
                  the script also times a bare route doing that one check, and prints
                  what the check costs and the private feed's ratio to that route.
    feed-cold     the feed built after a change (database read, events, iCalendar, ETag),
                  as a ratio to building the same calendar, byte for byte, with icalendar
                  alone from values already in memory (target: at most 1.5)

and how a cold build grows with the feed: the time per event for 10, 100 and 1,000
events (linear: the same time per event).

All are called as WSGI applications in this process (no network, no test client),
so the ratios compare the work of the views. Project and floor run interleaved (see
bench/harness.py). Each answer is checked (events, cancelled events, 304s for the ETag
and for Last-Modified, 404 for an unknown token and for the link once revoked). Prints
the ratios; asserts nothing about time.

Run from the repository root:  .venv/bin/python bench/feed_bench.py [--events 1000]
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness
import icalendar
from flask import Flask, Response, current_app
from sqlalchemy import text
from werkzeug.exceptions import NotFound
from werkzeug.test import EnvironBuilder

from services.agenda.app import create_app
from services.agenda.bootstrap import build_runtime
from services.agenda.calendar.domain.ical import CANCELLED_PREFIX, PRODID, REFRESH
from services.agenda.calendar.domain.vtimezone import vtimezone
from services.agenda.calendar.operations import tokens
from services.agenda.operations import committees, meetings, municipalities
from shared.api.app import runtime_of
from shared.auth import SYSTEM
from shared.config import Settings

FEED = "/calendar/bench/JA.ics"
BARE = "/calendar/bare.ics"
BARE_304 = "/calendar/bare-304.ics"
BARE_PRIVATE = "/calendar/bare-private.ics"
BARE_TOKEN = "/calendar/bare-private/<token>.ics"
CONTENT_TYPE = "text/calendar; charset=utf-8"
REVALIDATION_HEADERS = ("ETag", "Last-Modified", "Cache-Control")
GROWTH = (10, 100, 1000)
ZONE = "Europe/Copenhagen"


def make_runtime(folder: Path, events: int):
    """A municipality with one committee and `events` meetings, one a week from 2020 on,
    every tenth cancelled (through the service layer, as real use makes them), and a
    member of the committee with a private feed link; the runtime and the link's token."""
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
    with runtime.uow() as uow:
        member_id = committees.register_member(uow, SYSTEM, "bench", {"name": "Anna Andersen", "party": "V"}).id
    with runtime.uow() as uow:
        committees.add_membership(uow, SYSTEM, committee_id, {"member_id": member_id, "role": "member",
                                                              "starts_on": date(2020, 1, 1)})
    with runtime.uow() as uow:
        _record, token = tokens.issue_for_member(uow, member_id, None)
    return runtime, token


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


def add_bare_routes(app: Flask, answers: dict[str, tuple[int, bytes, dict[str, str]]]) -> None:
    """Routes that answer what is set later in `answers` (status, body, headers) and do
    nothing else."""
    for path in (BARE, BARE_304, BARE_PRIVATE):
        def bare(path: str = path) -> Response:
            status, body, headers = answers[path]
            return Response(body, status=status, headers=headers)

        app.add_url_rule(path, path, bare)

    def bare_checking_token(token: str) -> Response:
        """The private feed's bytes after its one check: the token against the database."""
        if tokens.member_id_for_token(runtime_of(current_app).read_engine, token) is None:
            raise NotFound()
        status, body, headers = answers[BARE_PRIVATE]
        return Response(body, status=status, headers=headers)

    app.add_url_rule(BARE_TOKEN, BARE_TOKEN, bare_checking_token)


def answer_headers(app, environ_args: dict) -> dict[str, str]:
    environ = EnvironBuilder(**environ_args).get_environ()
    found: dict[str, str] = {}
    for _ in app(environ, lambda s, headers, exc_info=None: found.update(headers)):
        pass
    return found


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
    args = harness.arguments(__doc__, budget=60, events=(int, 1000, "meetings in the feed"))
    with tempfile.TemporaryDirectory() as folder:
        runtime, token = make_runtime(Path(folder), args.events)
        app = create_app(runtime)
        bare: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        add_bare_routes(app, bare)
        base = {"base_url": "http://127.0.0.1:8000/agenda"}
        request = {**base, "path": FEED}
        private = {**base, "path": f"/calendar/private/{token}.ics"}

        status, body = call(app, request)
        assert status == 200
        parsed = icalendar.Calendar.from_ical(body)
        assert len(parsed.walk("VEVENT")) == args.events
        assert sum(str(e["SUMMARY"]).startswith(CANCELLED_PREFIX) for e in parsed.walk("VEVENT")) == args.events // 10
        headers = answer_headers(app, request)
        revalidate = {**request, "headers": {"If-None-Match": headers["ETag"]}}
        assert call(app, revalidate) == (304, b"")
        assert call(app, {**request, "headers": {"If-Modified-Since": headers["Last-Modified"]}}) == (304, b"")
        status, private_body = call(app, private)
        assert status == 200 and len(icalendar.Calendar.from_ical(private_body).walk("VEVENT")) == args.events
        assert call(app, {**base, "path": f"/calendar/private/{'A' * 43}.ics"})[0] == 404
        bare[BARE] = (200, body, {"Content-Type": CONTENT_TYPE})
        bare[BARE_304] = (304, b"", {name: headers[name] for name in REVALIDATION_HEADERS})
        bare[BARE_PRIVATE] = (200, private_body, {"Content-Type": CONTENT_TYPE})
        bare_request, bare_304, bare_private = ({**base, "path": path} for path in (BARE, BARE_304, BARE_PRIVATE))
        assert call(app, bare_request) == (200, body) and call(app, bare_private) == (200, private_body)
        assert call(app, bare_304) == (304, b"")
        print(f"Feed of {args.events} events, {len(body) / 1024:.0f} KiB")

        def in_us(sample):
            return lambda: sample() * 1e6

        def side(name: str, environ: dict, repeat: int = 200) -> harness.Side:
            return harness.Side(name, in_us(mean_seconds(lambda: call(app, environ), repeat)), unit="µs")

        cached = harness.interleave("Cached feed answer", [
            side("feed view, cached", request), side("bare route, same bytes", bare_request),
        ], budget_seconds=args.budget * 0.15)
        not_modified = harness.interleave("Feed revalidated: 304 Not Modified", [
            side("feed view, 304", revalidate), side("bare route, same 304", bare_304),
        ], budget_seconds=args.budget * 0.15)
        bare_token = {**base, "path": BARE_TOKEN.replace("<token>", token)}
        assert call(app, bare_token) == (200, private_body)
        private_result = harness.interleave("Private feed (a member's link)", [
            side("private feed", private), side("bare route, same bytes", bare_private),
            side("bare route checking the token", bare_token),
        ], budget_seconds=args.budget * 0.15)
        token_check = private_result.sides["bare route checking the token"].value
        print(f"  of which the token's check against the database (one statement, on every request): "
              f"{token_check - private_result.sides['bare route, same bytes'].value:.0f} µs; the private feed "
              f"is {private_result.sides['private feed'].value / token_check:.2f}x a bare route that checks it")
        with runtime.engine.begin() as connection:  # as another worker process would: unseen by this one
            connection.execute(text("UPDATE calendar_tokens SET revoked_at = CURRENT_TIMESTAMP"))
        assert call(app, private)[0] == 404, "a revoked link must be refused at once"

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
        ], budget_seconds=args.budget * 0.4)
        assert cache.builds > builds
        growth = feed_growth(Path(folder), {args.events: app}, args.budget * 0.15)
        runtime.dispose()
    print("\nCold feed build by events in the feed (time per event)")
    harness.print_growth("events", GROWTH, growth)
    harness.print_ratios([
        cached.ratio("feed-cached", "feed view, cached", "bare route, same bytes", target=1.2),
        not_modified.ratio("feed-304", "feed view, 304", "bare route, same 304", target=1.2),
        private_result.ratio("feed-private", "private feed", "bare route, same bytes", target=1.2),
        cold_result.ratio("feed-cold", "feed view, after a change", "icalendar alone", target=1.5),
    ])


def feed_growth(folder: Path, made: dict, budget: float) -> list[float]:
    """Milliseconds per event of a cold build of feeds of 10, 100 and 1,000 events (the
    apps in `made` by size are used as they are)."""
    runtimes = []
    apps = dict(made)
    for size in GROWTH:
        if size not in apps:
            (folder / f"growth-{size}").mkdir()
            runtime, _token = make_runtime(folder / f"growth-{size}", size)
            runtimes.append(runtime)
            apps[size] = create_app(runtime)

    def per_event(size: int) -> float:
        app = apps[size]
        if "agenda.calendar.feeds" in app.extensions:
            app.extensions["agenda.calendar.feeds"].clear()
        started = time.perf_counter()
        assert call(app, {"path": FEED, "base_url": "http://127.0.0.1:8000/agenda"})[0] == 200
        return (time.perf_counter() - started) * 1e3 / size

    result = harness.interleave("Cold feed build, time per event by events", [
        harness.Side(f"{size:,} events", partial(per_event, size), unit="ms/event") for size in GROWTH
    ], budget_seconds=budget, min_rounds=3)
    for runtime in runtimes:
        runtime.dispose()
    return [result.sides[f"{size:,} events"].value for size in GROWTH]


if __name__ == "__main__":
    main()
