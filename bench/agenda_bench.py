"""How a meeting's pages grow with the length of its agenda: statements sent and time
taken for 10, 100 and 1,000 items.

    agenda-statements  the statements the agenda's pages send for 1,000 items, as a ratio
                       to what they send for 10 (target: at most 1; with a query per item
                       it was 77: the secretariat's page sent 27, 207 and 2,007)
    agenda-time        the time the secretariat's meeting page takes for 1,000 items, as a
                       ratio to 100 times what it takes for 10 (at most 1: the page grows
                       no faster than its agenda)

The pages: the secretariat's meeting page and preview, the API's meeting with its agenda
(as the secretariat sees it, live) and the portal's meeting page. Each agenda is
published, a third of the items carry a bilag file and every fifth is closed. The items
are inserted in bulk (the service layer adds one item at a time); the agenda is then
published through the service layer. Times of the 10- and 1,000-item pages are taken
interleaved (see bench/harness.py); requests go to the Flask app in this process. Needs
the local PostgreSQL (a throwaway database is made and dropped).

Run from the repository root:  .venv/bin/python bench/agenda_bench.py
"""

from __future__ import annotations

import sys
import time
import uuid
from datetime import date, timedelta
from datetime import time as clock
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import harness

from services.agenda.app import create_app
from services.agenda.bootstrap import MIGRATIONS, build_runtime
from services.agenda.models import AgendaEntry, AttachmentFile, Item
from services.agenda.operations import committees, meetings, municipalities
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.integration.sized_world import PASSWORD, PDF, SECTIONS, TEMPLATE
from shared.auth import SYSTEM
from shared.config import Settings
from shared.db.migrate import upgrade_to_head
from tests.support import servers
from tests.support.pages import log_in
from tests.support.statements import statements_for

SIZES = (10, 100, 1000)
SLUG = "bench"
SECRETARY = "sekretaer@bench.dk"


def build(runtime) -> dict[int, uuid.UUID]:
    """One committee with a published meeting per size; the meetings' ids by size."""
    with runtime.uow() as uow:
        municipality_id = municipalities.register_municipality(
            uow, SYSTEM, {"slug": SLUG, "name": "Bench Kommune", "section_template": TEMPLATE}).id
    with runtime.uow() as uow:
        committee_id = committees.create_committee(uow, SYSTEM, SLUG, {"name": "Udvalget for Job & Arbejdsmarked",
                                                                      "code": "JA"}).id
    with runtime.uow() as uow:
        ensure_user(uow.session, email=SECRETARY, name="Sekretær", password=PASSWORD, role="secretary",
                    municipality_id=municipality_id)
        uow.commit()
    ids = {}
    for week, size in enumerate(SIZES):
        with runtime.uow() as uow:
            meeting = meetings.schedule_meeting(uow, SYSTEM, committee_id, {
                "date": date(2030, 1, 2) + timedelta(weeks=week), "start_time": clock(16, 30),
                "end_time": clock(19, 0), "place": "Mødelokale 1"})
            ids[size] = meeting.id
        with runtime.uow() as uow:
            for number in range(size):
                item = Item(municipality_id=municipality_id, owner_committee_id=committee_id,
                            title=f"Sag nummer {number + 1}", kind="case", case_number=f"30/{number + 1:05d}",
                            closed=number >= size - size // 5, sections=SECTIONS, attachments=["Bilag uden fil"],
                            recommendation={"intro": "Direktionen indstiller,",
                                            "points": ["at udvalget tager orienteringen til efterretning"]})
                if number % 3 == 0:
                    item.files.append(AttachmentFile(filename=f"bilag-{number + 1}.pdf", content_type="application/pdf",
                                                     size=len(PDF), content=PDF))
                uow.session.add(AgendaEntry(meeting_id=ids[size], item=item, position=number + 1))
            uow.commit()
        with runtime.uow() as uow:
            meetings.publish_agenda(uow, SYSTEM, ids[size])
    return ids


def pages(meeting_id: uuid.UUID) -> dict[str, str]:
    return {
        "secretariat: meeting": f"/sekretariat/moeder/{meeting_id}",
        "secretariat: preview": f"/sekretariat/moeder/{meeting_id}/forhaandsvisning",
        "API: meeting, secretary": f"/api/v1/meetings/{meeting_id}",
        "portal: meeting": f"/{SLUG}/moeder/{meeting_id}",
    }


def main() -> None:
    args = harness.arguments(__doc__, budget=25)
    name = f"udvalg_bench_agenda_{uuid.uuid4().hex[:8]}"
    database_url = servers.create_database(name)
    try:
        upgrade_to_head(database_url, MIGRATIONS)
        runtime = build_runtime(Settings.for_service("agenda", database_url=database_url, broker_url=None,
                                                     secret_key="bench"))
        started = time.monotonic()
        ids = build(runtime)
        print(f"Agendas of {', '.join(f'{size:,}' for size in SIZES)} items built in {time.monotonic() - started:.0f} s")
        client = create_app(runtime).test_client()
        log_in(client, SECRETARY, PASSWORD)

        def fetch(path: str) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        counts = {size: {page: len(statements_for(runtime.engine, partial(fetch, path)))
                         for page, path in pages(ids[size]).items()} for size in SIZES}
        print("\nStatements per page by items on the agenda")
        print(f"  {'page':<26}" + "".join(f"{size:>8,}" for size in SIZES))
        for page in pages(ids[SIZES[0]]):
            print(f"  {page:<26}" + "".join(f"{counts[size][page]:>8}" for size in SIZES))

        def page_ms(size: int):
            path = pages(ids[size])["secretariat: meeting"]
            return lambda: _seconds(lambda: fetch(path)) * 1e3

        result = harness.interleave("Secretariat meeting page, time by items on the agenda", [
            harness.Side("1,000 items", page_ms(1000), unit="ms"),
            harness.Side("10 items", page_ms(10), unit="ms"),
        ], budget_seconds=args.budget)
        growth = result.sides["1,000 items"].value / result.sides["10 items"].value
        print(f"  10 -> 1,000 items: {growth:.0f}x the time for 100x the items")
        runtime.dispose()
    finally:
        servers.drop_database(name)
    largest, smallest = SIZES[-1], SIZES[0]
    harness.print_ratios([
        harness.Ratio("agenda-statements", sum(counts[largest].values()) / sum(counts[smallest].values()), 1, False),
        harness.Ratio("agenda-time", growth / (largest / smallest), 1, False),
    ])


def _seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
