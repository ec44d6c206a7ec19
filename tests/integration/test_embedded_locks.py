"""The embedded system on SQLite: a request that reads takes no write lock and opens no
second unit of work inside its first, so reads with an API token go on while another
request writes, and many token requests at once all answer (the årshjul with a token
used to hold the write lock while the token lookup waited for it: 30 s, then a 500)."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from werkzeug.test import Client

from tests.support.system import DEMO_PASSWORD, embedded_system, wait_until_delivered

SECRETARY = {"email": "sekretaer@lejre.dk", "password": DEMO_PASSWORD}


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with embedded_system(tmp_path_factory.mktemp("var")) as running:
        wait_until_delivered(running)
        yield running


def _committee_id(get) -> str:
    committees = get("/agenda/api/v1/municipalities/lejre/committees").json()
    return next(c["id"] for c in committees if c["code"] == "JA")


def test_reads_with_a_token_go_on_while_a_writer_holds_the_lock(system):
    client = Client(system.wsgi_app)
    token = client.post("/agenda/api/v1/tokens", json=SECRETARY).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    committee_id = _committee_id(lambda path: _Json(client.get(path)))
    wheel = f"/agenda/api/v1/committees/{committee_id}/aarshjul/2020"
    assert client.get(wheel, headers=headers).status_code == 200  # the token's use is recorded now

    writer = sqlite3.connect(system.runtimes[0].engine.url.database, timeout=1, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    answers: dict[str, int] = {}

    def read() -> None:
        for path in (wheel, "/agenda/api/v1/meetings?municipality=lejre", "/agenda/api/v1/me", "/lejre/udvalg/JA/"):
            answers[path] = Client(system.wsgi_app).get(path, headers=headers).status_code

    reader = threading.Thread(target=read, daemon=True)
    try:
        reader.start()
        reader.join(timeout=25)
        assert not reader.is_alive(), "a read waited for the writer's lock"
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert set(answers.values()) == {200}, answers


class _Json:
    def __init__(self, response) -> None:
        self.response = response

    def json(self):
        return self.response.get_json()


def test_parallel_token_requests_against_the_embedded_system_all_answer(embedded_site):
    base = embedded_site
    tokens = [requests.post(f"{base}/agenda/api/v1/tokens", json=SECRETARY, timeout=30).json()["token"]
              for _ in range(4)]
    committee_id = _committee_id(lambda path: requests.get(base + path, timeout=30))

    def call(index: int) -> int:
        headers = {"Authorization": f"Bearer {tokens[index % len(tokens)]}"}
        if index % 5 == 4:
            return requests.post(f"{base}/agenda/api/v1/committees/{committee_id}/aarshjul/2021/entries",
                                 json={"kind": "deadline", "title": f"Frist {index}", "date": "2021-03-01"},
                                 headers=headers, timeout=60).status_code
        path = f"/agenda/api/v1/committees/{committee_id}/aarshjul/2020" if index % 2 else "/lejre/udvalg/JA/"
        return requests.get(base + path, headers=headers, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(call, range(40)))

    assert statuses.count(200) == 32 and statuses.count(201) == 8, statuses
