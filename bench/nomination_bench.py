"""How many nomination forms the awards service takes per second from 50 citizens at once,
against a bare app doing the same:

    nomination  forms per second, each form a GET of the form page and a POST of it with
                its CSRF token answered by a 303 to the receipt, with 50 clients at once:
                the awards service under gunicorn (two sync workers, as deployed),
                PostgreSQL, and the per-client rate limit counted in Redis as in
                production, as a ratio to a bare Flask + psycopg app (bench/kit/
                nomination_floor.py) under the same gunicorn settings that renders the
                same form with a Flask-WTF CSRF token and stores each form with one
                INSERT into the same table (target: at least 0.5)

Each form comes from a citizen of its own: a new connection per request, its own session
cookie and, behind the proxy (UDVALG_TRUSTED_PROXIES=1, as in production), its own
address in X-Forwarded-For, so the rate limit is counted for every form and never
refuses one. Forms are sent as browsers send them (multipart, with the empty file
input). The clients are one asyncio loop in this process (bench/kit/http_load.py).
Every answer is checked, and at the end the number of stored nominations is. Needs the
local PostgreSQL and Redis (a throwaway database is made and dropped; the rate-limit
keys of this run are deleted).

Run from the repository root:  .venv/bin/python bench/nomination_bench.py [--seconds 3]
"""

from __future__ import annotations

import secrets
import sys
import tempfile
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness
import redis
import requests
from kit.http_load import Client, hidden_fields, multipart, run_clients
from sqlalchemy import func, select

from services.awards.bootstrap import MIGRATIONS, build_runtime
from services.awards.models import Nomination
from services.awards.operations.rounds import create_round
from shared.auth import SYSTEM
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from shared.tests.agenda_events import AgendaEvents
from tests.support import servers
from tests.support.fixtures import wait_for
from tests.support.processes import Processes, free_port

CLIENTS = 50
REDIS_URL = "redis://127.0.0.1:6379/0"
ZONE = ZoneInfo("Europe/Copenhagen")
PROJECT = "awards service"
FLOOR = "bare Flask + psycopg"
CRITERIA = [
    "at virksomheden har bidraget til udviklingen i beskæftigelsen i Lejre Kommune",
    "at virksomheden integrerer personer, der ellers har svært ved at komme ind på arbejdsmarkedet",
    "at virksomheden har oprettet uddannelsesplads(er) for unge bosiddende i Lejre Kommune",
]


def open_round(database_url: str) -> int:
    """Lejre, its committee and a meeting as the agenda service's events describe them, and
    a round open for nominations since yesterday."""
    runtime = build_runtime(Settings.for_service("awards", database_url=database_url, broker_url=None,
                                                 secret_key="bench"))
    consumer = runtime.consumer()
    assert consumer is not None
    agenda = AgendaEvents(consumer)
    agenda.municipality()
    committee = agenda.committee(members=(("Christian Plank", "V"), ("Steen Hansen", "O")))
    today = datetime.now(ZONE).date()
    meeting = agenda.meeting(committee, day=today + timedelta(days=60), status="planned", agenda_version=0)
    agenda.send("agenda.meeting.scheduled.v1", {"meeting": meeting})
    with runtime.uow() as uow:
        create_round(uow, SYSTEM, agenda.municipality_id, {
            "year": today.year, "title": f"Virksomhedspris {today.year}", "description": "Prisen.",
            "criteria": CRITERIA, "prize_amount": 10000, "budget_lines": [],
            "opens_at": datetime.combine(today - timedelta(days=1), time(0, 0), tzinfo=ZONE),
            "closes_at": datetime.combine(today + timedelta(days=30), time(23, 59), tzinfo=ZONE),
            "case_number": "26/00042", "committee_id": committee["id"], "meeting_id": meeting["id"],
            "ceremony_on": today + timedelta(days=75), "ceremony_time": time(15, 0),
            "ceremony_place": "Allerslev rådhus", "shortlist_size": 2})
    runtime.dispose()
    return today.year


def filled_in(job: int) -> dict[str, str]:
    return {"company_name": f"Hvalsø Tømrer & Snedker nr. {job} ApS", "cvr": "34175829",
            "company_address": "Industrivej 12, 4330 Hvalsø", "reason_0": "Har ansat tre ledige fra Lejre.",
            "reason_1": "", "reason_2": "To lærlinge.", "nominator_name": "Anne Holm",
            "nominator_email": f"anne{job}@example.org", "nominator_phone": "20 30 40 50", "consent": "y"}


class Citizens:
    """Forms sent to one server: `path` is the form's address there."""

    def __init__(self, base_url: str, path: str, network: int) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path.rstrip("/") + path
        self.network = network
        self.sent = 0

    def address(self, job: int) -> str:
        """A citizen's own address (10.<network>.x.y), a new one for every form."""
        number = self.sent + job
        return f"10.{self.network}.{number // 250 % 250}.{number % 250 + 1}"

    async def send_form(self, _client: int, job: int) -> None:
        citizen = Client(self.host, self.port, {"X-Forwarded-For": self.address(job)})
        page = await citizen.request("GET", self.path)
        assert page.status == 200, f"the form answered {page.status}"
        fields = hidden_fields(page.body)
        assert {"csrf_token", "submission_id"} <= fields.keys(), "the form has no CSRF token or submission id"
        body, content_type = multipart(fields | filled_in(job), {"attachment": ("", b"")})
        answer = await citizen.request("POST", self.path, body, {"Content-Type": content_type})
        assert answer.status == 303, f"the form was answered {answer.status}: {answer.body[:300]!r}"

    def run(self, seconds: float) -> float:
        done, rate = run_clients(CLIENTS, seconds, self.send_form)
        self.sent += done
        return rate


def main() -> None:
    args = harness.arguments(__doc__, budget=60, seconds=(float, 3.0, "seconds of sending per sample and side"))
    name = f"udvalg_bench_nomination_{uuid.uuid4().hex[:8]}"
    database_url = servers.create_database(name)
    network = secrets.randbelow(200) + 20
    store = redis.Redis.from_url(REDIS_URL)
    try:
        upgrade_to_head(database_url, MIGRATIONS)
        year = open_round(database_url)
        with tempfile.TemporaryDirectory() as folder:
            processes = Processes(Path(folder), {
                "AWARDS_DATABASE_URL": database_url,
                "UDVALG_SECRET_KEY": "bench",
                "UDVALG_VAR_DIR": str(Path(folder) / "var"),
                "UDVALG_LOG_FORMAT": "json",
                "UDVALG_TRUSTED_PROXIES": "1",
                "UDVALG_RATE_LIMIT_STORAGE_URI": REDIS_URL,
                "FLOOR_DATABASE_URL": database_url,
                "FLOOR_SECRET_KEY": "bench",
            })
            try:
                project = Citizens(processes.start_gunicorn("awards", free_port()),
                                   f"/virksomhedspris/lejre/{year}/indstil", network)
                floor_port = free_port()
                processes.start("floor-web", "-m", "gunicorn", "--bind", f"127.0.0.1:{floor_port}", "--workers", "2",
                                "--pythonpath", str(ROOT / "bench"), "kit.nomination_floor:create_app()")
                floor = Citizens(f"http://127.0.0.1:{floor_port}", f"/lejre/{year}/indstil", network)
                wait_for(lambda: _answers(floor), timeout=30, message="the floor app under gunicorn")
                result = harness.interleave(f"Nomination form, {CLIENTS} clients at once, {args.seconds:g} s per sample", [
                    harness.Side(PROJECT, lambda: project.run(args.seconds), unit="forms/s", higher_is_better=True),
                    harness.Side(FLOOR, lambda: floor.run(args.seconds), unit="forms/s", higher_is_better=True),
                ], budget_seconds=args.budget)
            finally:
                processes.stop_all()
        stored = _stored(database_url)
        sent = project.sent + floor.sent
        assert stored == sent, f"{stored} nominations stored of {sent} sent"
        print(f"  {stored:,} nominations stored, one per form sent")
        ratio = result.ratio("nomination", PROJECT, FLOOR, target=0.5)
    finally:
        for key in store.scan_iter(match=f"*awards*10.{network}.*", count=1000):
            store.delete(key)
        store.close()
        servers.drop_database(name)
    harness.print_ratios([ratio])


def _answers(citizens: Citizens) -> bool:
    try:
        return requests.get(f"http://{citizens.host}:{citizens.port}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _stored(database_url: str) -> int:
    runtime = build_runtime(Settings.for_service("awards", database_url=database_url, broker_url=None,
                                                 secret_key="bench"))
    with runtime.uow() as uow:
        count = uow.session.scalar(select(func.count(Nomination.id)))
    runtime.dispose()
    return int(count or 0)


if __name__ == "__main__":
    main()
