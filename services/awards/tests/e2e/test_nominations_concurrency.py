"""50 citizens send the form at the same moment through the production path (gunicorn with
two workers, PostgreSQL), ten of them with a double click: every nomination is stored
once, each with its own reference number."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests
from sqlalchemy import func, select

from services.awards.models import Nomination
from services.awards.tests.conftest import hidden_fields
from tests.support.processes import Processes, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

CITIZENS = 50
DOUBLE_CLICKS = 10


@pytest.fixture
def awards_web(tmp_path, runtime, award_round):
    processes = Processes(tmp_path, {
        "AWARDS_DATABASE_URL": runtime.settings.database_url,
        "UDVALG_SECRET_KEY": "e2e",
        "UDVALG_VAR_DIR": str(tmp_path / "var"),
        "UDVALG_LOG_FORMAT": "json",
        # The burst comes from one address; the limit per client is not what is measured here.
        "AWARDS_NOMINATION_RATE_LIMIT": "1000 per minute",
    })
    yield processes.start_gunicorn("awards", free_port())
    processes.stop_all()


def test_simultaneous_submissions_are_all_stored_once_with_their_own_reference(awards_web, runtime):
    form = f"{awards_web}/virksomhedspris/lejre/{date.today().year}/indstil"
    citizens = []
    for number in range(CITIZENS):
        session = requests.Session()
        page = session.get(form, timeout=10)
        assert page.status_code == 200
        citizens.append((session, hidden_fields(page.text) | {
            "company_name": f"Virksomhed nr. {number}", "cvr": "34175829", "company_address": "Industrivej 12, 4330 Hvalsø",
            "reason_0": f"Begrundelse {number}.", "nominator_name": f"Borger {number}",
            "nominator_email": f"borger{number}@example.org", "consent": "y"}))
    posts = citizens + citizens[:DOUBLE_CLICKS]
    start = threading.Barrier(len(posts))

    def send(citizen):
        session, data = citizen
        start.wait()
        response = session.post(form, data=data, allow_redirects=False, timeout=60)
        return data["submission_id"], response.status_code, response.headers.get("Location")

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        answers = list(pool.map(send, posts))

    receipts = {}
    for submission, status, location in answers:
        assert status == 303, (submission, status)
        assert receipts.setdefault(submission, location) == location, "a double click gets the same receipt"
    with runtime.uow() as uow:
        stored = uow.session.scalar(select(func.count(Nomination.id)))
        references = set(uow.session.scalars(select(Nomination.reference)))
    print(f"\n{len(posts)} samtidige indsendelser ({CITIZENS} borgere, {DOUBLE_CLICKS} dobbeltklik): "
          f"{stored} gemt, {len(references)} forskellige referencenumre, {len(receipts)} kvitteringer")
    assert stored == len(references) == len(receipts) == CITIZENS
