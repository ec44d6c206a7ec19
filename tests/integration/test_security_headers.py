"""Every answer of every service carries the security headers, and no page needs what
the Content-Security-Policy refuses: no inline script, event-handler attribute,
javascript: link or style attribute, and an inline <style> only with the request's nonce.

The addresses come from the three services' URL maps (filled with the demo's ids), so a
page added tomorrow is checked the day it is added; each is fetched anonymously and as
the demo secretary.
"""

from __future__ import annotations

import re
import uuid

import pytest

from tests.support.system import embedded_system, log_in, wait_until_delivered

ZERO = str(uuid.UUID(int=0))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b([^>]*)>", re.IGNORECASE)


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with embedded_system(tmp_path_factory.mktemp("var")) as running:
        wait_until_delivered(running)
        yield running


def _paths(system, values: dict[str, str]) -> list[str]:
    """Every GET address of every service, path parameters filled from `values`."""
    paths = []
    for prefix, app in system.wsgi_app.mounts.items():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint.endswith("static"):
                continue
            filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), ZERO), rule.rule)
            paths.append(prefix + filled)
    return paths + ["/", "/findes-ikke/", "/agenda/static/udvalg/udvalg.css", "/agenda/static/udvalg/udvalg.js"]


def _values(client) -> dict[str, str]:
    meetings = client.get("/agenda/api/v1/meetings?municipality=lejre").get_json()
    january = next(m for m in meetings if m["date"] == "2020-01-08")
    detail = client.get(f"/agenda/api/v1/meetings/{january['id']}").get_json()
    return {"slug": "lejre", "code": "JA", "year": "2020", "month": "1", "meeting_id": january["id"],
            "committee_id": january["committee"]["id"], "item_id": detail["items"][0]["id"]}


def _problems(path: str, response) -> list[str]:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    found = []
    if "frame-ancestors 'none'" not in policy or "unsafe-inline" in policy or "unsafe-eval" in policy:
        found.append(f"{path}: Content-Security-Policy {policy!r}")
    for name, value in (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
                        ("X-Frame-Options", "DENY")):
        if headers.get(name) != value:
            found.append(f"{path}: {name} {headers.get(name)!r}")
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        nonce = re.search(r"'nonce-([^']+)'", policy)
        for label, pattern in (("inline script", INLINE_SCRIPT), ("event handler attribute", HANDLER_ATTRIBUTE),
                               ("style attribute", STYLE_ATTRIBUTE)):
            if match := pattern.search(html):
                found.append(f"{path}: {label} {match.group(0)[:120]!r}")
        if "javascript:" in html.lower():
            found.append(f"{path}: a javascript: address")
        for attributes in STYLE_ELEMENT.findall(html):
            if not nonce or f'nonce="{nonce.group(1)}"' not in attributes:
                found.append(f"{path}: <style{attributes}> without this answer's nonce")
    return found


@pytest.mark.parametrize("who", ["anonymous", "secretary"])
def test_every_answer_carries_the_security_headers_and_every_page_keeps_to_the_policy(system, who):
    client = system_client(system)
    if who == "secretary":
        log_in(client, "sekretaer@lejre.dk")
    values = _values(client)
    paths = _paths(system, values) + ["/agenda/aarshjul/lejre/JA/2020?papir=A4"]
    problems = []
    statuses = set()
    for path in paths:
        response = client.get(path)
        statuses.add(response.status_code)
        problems += _problems(path, response)
    for path, kwargs in (("/agenda/api/v1/meetings", {"json": [1]}), ("/agenda/sekretariat/moeder/x", {}),
                         ("/agenda/api/v1/tokens", {"data": "{ikke json", "content_type": "application/json"})):
        problems += _problems(path, client.post(path, **kwargs))
    assert problems == []
    assert {200, 404} <= statuses, "real pages and missing ones were both checked"


def test_the_policy_allows_only_the_services_own_scripts_and_no_framing(system):
    policy = system_client(system).get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'", "no inline script, no other origin, no eval"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"


def test_a_page_with_an_inline_style_gets_a_fresh_nonce_per_answer(system):
    client = system_client(system)
    nonces = set()
    for _ in range(2):
        response = client.get("/agenda/aarshjul/lejre/JA/2020?papir=A3")
        nonce = re.search(r"style-src 'self' 'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        assert f'<style nonce="{nonce}">' in response.get_data(as_text=True)
        nonces.add(nonce)
    assert len(nonces) == 2


def system_client(system):
    from werkzeug.test import Client

    return Client(system.wsgi_app)
