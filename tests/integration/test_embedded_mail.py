"""The embedded default delivers e-mail into a Maildir under var/: a member's notice of a
new meeting and a nominator's receipt, readable with Python's mailbox module (as the
README shows)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from werkzeug.test import Client

from services.awards.tests.conftest import hidden_fields
from shared.mail.__main__ import read_maildir
from tests.support.fixtures import wait_for
from tests.support.system import DEMO_PASSWORD, embedded_system, wait_until_delivered

pytestmark = pytest.mark.integration


def _subjects(maildir) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for message in read_maildir(maildir) if (maildir / "cur").is_dir() else []:
        found.setdefault(str(message["Delivered-To"]), []).append(str(message["Subject"]).strip())
    return found


def test_the_embedded_system_delivers_notices_and_receipts_to_the_maildir(tmp_path):
    with embedded_system(tmp_path / "var") as system:
        wait_until_delivered(system)
        client = Client(system.wsgi_app)
        token = client.post("/agenda/api/v1/tokens",
                            json={"email": "sekretaer@lejre.dk", "password": DEMO_PASSWORD}).get_json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        committee = next(c for c in client.get("/agenda/api/v1/municipalities/lejre/committees",
                                               headers=headers).get_json() if c["code"] == "JA")
        planned = client.post(f"/agenda/api/v1/committees/{committee['id']}/meetings", headers=headers,
                              json={"date": "2030-02-06", "start_time": "16:30", "place": "Allerslev rådhus"})
        assert planned.status_code == 201, planned.get_json()

        form_path = f"/awards/virksomhedspris/lejre/{date.today().year}/indstil"
        fields = hidden_fields(client.get(form_path).get_data(as_text=True)) | {
            "company_name": "Hvalsø Tømrer & Snedker ApS", "cvr": "34175829",
            "company_address": "Industrivej 12, 4330 Hvalsø", "reason_0": "Tre unge i lære.",
            "nominator_name": "Anne Holm", "nominator_email": "anne.holm@example.org", "consent": "y"}
        sent = client.post(form_path, data=fields)
        assert sent.status_code == 303, sent.get_data(as_text=True)[-3000:]

        maildir = tmp_path / "var" / "mail"
        wait_for(lambda: "christian.plank@lejre.dk" in _subjects(maildir) and "anne.holm@example.org"
                 in _subjects(maildir), timeout=120,
                 message="the notice and the receipt in the Maildir")

    subjects = _subjects(maildir)
    listing = subprocess.run([sys.executable, "-m", "shared.mail", "--maildir", str(maildir)], check=True,
                             capture_output=True, text=True).stdout
    assert "anne.holm@example.org" in listing and "Kvittering for din indstilling" in listing
    assert "Nyt møde: Udvalget for Job & Arbejdsmarked onsdag den 6. februar 2030" in subjects["christian.plank@lejre.dk"]
    (receipt,) = subjects["anne.holm@example.org"]
    assert receipt.startswith(f"Kvittering for din indstilling til Virksomhedspris {date.today().year} (VP")
