"""A unique text put everywhere in a closed item (title, sections, recommendation, bilag,
decision, minority statement) never appears in anything the public can reach: every page
linked from the portal, every public API response, every public Word document and feed.

The crawler follows links as an anonymous visitor would, so new public pages are scanned
without this test being told about them. A second marker in an open item proves the
crawler really reaches the content it scans.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from tests.support.fixtures import wait_for
from tests.support.pages import csrf_token

pytestmark = pytest.mark.e2e

SECRET = "LUKKET-9F3A7C"
OPEN_MARK = "AABEN-51D2E8"
PDF = b"%PDF-1.4\n% " + SECRET.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SERVICES = ("agenda", "decisions", "awards")
MAX_PAGES = 600
# A meeting can be marked as held once it has begun.
TODAY = date.today().isoformat()


def _api(base: str) -> requests.Session:
    http = requests.Session()
    token = http.post(f"{base}/agenda/api/v1/tokens",
                      json={"email": "sekretaer@lejre.dk", "password": "lejre-demo-2020"}).json()["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def _page_session(base: str) -> requests.Session:
    pages = requests.Session()
    login = pages.get(f"{base}/login").text
    response = pages.post(f"{base}/login", data={"csrf_token": csrf_token(login), "email": "sekretaer@lejre.dk",
                                                 "password": "lejre-demo-2020"}, allow_redirects=False)
    assert response.status_code == 302
    return pages


def _submit(pages: requests.Session, form_page: str, url: str, data: dict, files: dict | None = None,
            ) -> requests.Response:
    """Post a form the way the browser does from `form_page`, with that page's CSRF token."""
    token = csrf_token(pages.get(form_page).text)
    response = pages.post(url, data={"csrf_token": token, **data}, files=files, allow_redirects=False)
    assert response.status_code == 302, response.text[-2000:]
    return response


def _minuted_meeting_with_a_secret(base: str) -> dict:
    """A JA meeting with an open and a closed item, published, held, decided, approved."""
    api, pages = _api(base), _page_session(base)
    committee = next(c for c in api.get(f"{base}/agenda/api/v1/municipalities/lejre/committees").json()
                     if c["code"] == "JA")
    meeting = api.post(f"{base}/agenda/api/v1/committees/{committee['id']}/meetings",
                       json={"date": TODAY, "start_time": "00:00", "place": "Allerslev rådhus"}).json()
    sections = {"resume": "Resumé {m}.", "sagsfremstilling": "Sagsfremstilling **{m}**.",
                "oekonomi": "| Post | Beløb |\n|---|---|\n| {m} | 5.000 kr. |"}
    for title, mark, closed in ((f"Budget {OPEN_MARK}", OPEN_MARK, False), (f"Personalesag {SECRET}", SECRET, True)):
        response = api.post(f"{base}/agenda/api/v1/meetings/{meeting['id']}/items", json={
            "title": title, "case_number": "31/00042", "closed": closed,
            "sections": {key: text.format(m=mark) for key, text in sections.items()},
            "recommendation": {"intro": f"Direktionen indstiller ({mark}):", "points": [f"at {mark} godkendes"]},
            "attachments": [f"Notat om {mark}"],
        })
        assert response.status_code == 201, response.text
    detail = api.get(f"{base}/agenda/api/v1/meetings/{meeting['id']}").json()
    open_item, closed_item = detail["items"]
    for item in (open_item, closed_item):
        mark = OPEN_MARK if item is open_item else SECRET
        item_page = f"{base}/sekretariat/punkter/{item['id']}?moede={meeting['id']}"
        _submit(pages, item_page, f"{base}/sekretariat/punkter/{item['id']}/bilag?moede={meeting['id']}", {},
                files={"file": (f"Bilag {mark}.pdf", PDF.replace(SECRET.encode(), mark.encode()), "application/pdf")})
    assert api.post(f"{base}/agenda/api/v1/meetings/{meeting['id']}/publish").status_code == 200
    assert api.post(f"{base}/agenda/api/v1/meetings/{meeting['id']}/held").status_code == 200

    minutes = f"{base}/decisions/sekretariat/moeder/{meeting['id']}"
    wait_for(lambda: f"/punkter/{closed_item['id']}" in pages.get(minutes).text,
             message="the published agenda in the decisions service's copy of the meeting")
    for item in (open_item, closed_item):
        mark = OPEN_MARK if item is open_item else SECRET
        _submit(pages, f"{minutes}/punkter/{item['id']}", f"{minutes}/punkter/{item['id']}", {
            "quick": "", "text": f"Udvalget besluttede {mark}.", "point_1": f"Godkendt ({mark}).",
            "minority": f"Mindretallet ({mark}) kunne ikke tiltræde.", "decided_on": TODAY})
    _submit(pages, minutes, f"{minutes}/godkend", {})
    public_page = f"{base}/lejre/moeder/{meeting['id']}"
    wait_for(lambda: "Hent referatet" in requests.get(public_page).text,
             message="the approval to reach the portal")
    return meeting


def _readable_text(response: requests.Response) -> str:
    """What a visitor could read in the response, Word documents unpacked."""
    if response.content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return response.content.decode("utf-8", "replace")


def _links(base: str, url: str, body: str) -> list[str]:
    found = []
    for href in re.findall(r'(?:href|src|action)="([^"#]+)', body):
        target = urljoin(url, href.replace("&amp;", "&"))
        if target.startswith("webcal://"):
            target = "http://" + target.removeprefix("webcal://")
        if urlsplit(target).netloc == urlsplit(base).netloc:
            found.append(target)
    return found


def _api_urls(base: str, ids: dict[str, str]) -> list[str]:
    """Every GET path of every service's public API, path parameters filled with known ids."""
    urls = []
    for service in SERVICES:
        spec = requests.get(f"{base}/{service}/openapi.json").json()
        for path, operations in spec["paths"].items():
            if "get" not in operations:
                continue
            filled = re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), path)
            urls.append(f"{base}/{service}{filled}")
    return urls


def _crawl(base: str, start: list[str]) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(start)
    anonymous = requests.Session()
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = anonymous.get(url, timeout=10)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        seen[url] = _readable_text(response)
        if "html" in response.headers.get("Content-Type", ""):
            queue.extend(link for link in _links(base, url, response.text) if link not in seen)
    return seen


def test_closed_item_content_never_reaches_the_public(embedded_site):
    base = embedded_site
    meeting = _minuted_meeting_with_a_secret(base)
    ids = {"meeting_id": meeting["id"], "committee_id": meeting["committee"]["id"], "slug": "lejre",
           "municipality": "lejre", "code": "JA"}
    start = [f"{base}/", f"{base}/lejre/moeder/{meeting['id']}", *_api_urls(base, ids),
             *(f"{base}/{service}/" for service in SERVICES)]
    for edition in ("offentlig", "intern"):
        start += [f"{base}/decisions/moeder/{meeting['id']}/dagsorden.docx?udgave={edition}",
                  f"{base}/decisions/moeder/{meeting['id']}/referat.docx?udgave={edition}"]

    scanned = _crawl(base, start)

    leaks = sorted(url for url, text in scanned.items() if SECRET in text)
    assert leaks == [], f"the closed item's content is public at {leaks}"
    reached = [url for url, text in scanned.items() if OPEN_MARK in text]
    assert any(url.endswith(f"/moeder/{meeting['id']}") for url in reached), "the public agenda was scanned"
    assert any("referat.docx" in url for url in reached), "the public minutes document was scanned"
    assert any("/bilag/" in url for url in reached), "the open item's bilag was scanned"
    assert any("/api/v1/" in url for url in reached), "the public API was scanned"
    assert len(scanned) > 40, f"only {len(scanned)} public URLs were reached"
