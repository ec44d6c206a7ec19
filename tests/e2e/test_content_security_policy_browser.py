"""In Chromium, the pages work under the Content-Security-Policy: the help that moved
from inline scripts to the static script still works, the one inline style (the paper
size of the årshjul print) applies through its nonce, and no page of the secretariat
can be framed by another site. The `browser` fixture fails a test on any CSP report."""

from __future__ import annotations

import pytest

from tests.support.fixtures import wait_for
from tests.support.system import embedded_system, served, wait_until_delivered

pytestmark = pytest.mark.e2e

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with embedded_system(tmp_path_factory.mktemp("var")) as system:
        wait_until_delivered(system)
        with served(system.wsgi_app) as base:
            yield base


def _log_in(page, site: str) -> None:
    page.goto(f"{site}/login")
    page.get_by_label("E-mail").fill("sekretaer@lejre.dk")
    page.get_by_label("Adgangskode").fill("lejre-demo-2020")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("heading", name="Møder").wait_for()


def test_public_pages_keep_their_help_under_the_policy(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/lejre/udvalg/JA/")
    address = page.locator("input.feed-url").first
    address.click()
    selected = page.evaluate("() => window.getSelection().toString() || document.activeElement.value.substring("
                             "document.activeElement.selectionStart, document.activeElement.selectionEnd)")
    assert selected == address.input_value(), "clicking the feed address selects it for copying"

    page.goto(f"{site}/agenda/aarshjul/lejre/JA/2020?papir=A3")
    page_rules = page.evaluate("""() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
        .filter(rule => rule.constructor.name === 'CSSPageRule').map(rule => rule.cssText)""")
    assert "@page { size: a3; }" in page_rules, page_rules

    page.goto(f"{site}/lejre/")
    page.goto(f"{site}/findes-ikke/moeder/x")
    page.get_by_role("link", name="Gå tilbage").click()
    page.wait_for_url(f"{site}/lejre/")


def test_a_standard_decision_text_fills_the_empty_decision_field(site, browser):
    page = browser.new_page()
    _log_in(page, site)
    meetings = page.request.get(f"{site}/agenda/api/v1/meetings?municipality=lejre").json()
    january = next(m for m in meetings if m["date"] == "2020-01-08")
    item = page.request.get(f"{site}/agenda/api/v1/meetings/{january['id']}").json()["items"][1]
    page.goto(f"{site}/decisions/sekretariat/moeder/{january['id']}/punkter/{item['id']}")
    page.get_by_label("Beslutning", exact=True).fill("")
    page.get_by_label("Taget til efterretning", exact=True).check()
    assert page.get_by_label("Beslutning", exact=True).input_value() == "Taget til efterretning"


def test_another_site_cannot_frame_the_secretariat(site, chromium) -> None:
    def other_site(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [f'<!doctype html><title>x</title><iframe src="{site}/login"></iframe>'.encode()]

    context = chromium.new_context()
    reports: list[str] = []
    context.on("console", lambda message: reports.append(message.text))
    page = context.new_page()
    # "localhost" is another origin than "127.0.0.1" (where the system is served).
    with served(other_site) as other:
        page.goto(other.replace("127.0.0.1", "localhost"))
        wait_for(lambda: any("frame-ancestors 'none'" in report for report in reports), message="Chromium's refusal")
    assert all("Log ind" not in frame.content() for frame in page.frames[1:]), "no login page inside another site"
    context.close()
