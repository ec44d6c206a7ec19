"""Playwright with Debian's Chromium (Playwright's own browser download is not available)."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class CspWatchedBrowser:
    """The browser, with every page's console watched for Content-Security-Policy
    violations (Chromium reports each refused script, style or frame there)."""

    def __init__(self, chromium) -> None:
        self._chromium = chromium
        self.violations: list[str] = []
        self._contexts: list = []

    def _watch(self, context):
        def record(message) -> None:
            if "Content Security Policy" in message.text:
                self.violations.append(f"{message.location.get('url', '?')}: {message.text}")

        context.on("console", record)
        self._contexts.append(context)
        return context

    def new_context(self, **options):
        return self._watch(self._chromium.new_context(**options))

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def close_contexts(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def browser(chromium):
    """A browser for one test; the test fails if any page broke the Content-Security-Policy."""
    watched = CspWatchedBrowser(chromium)
    yield watched
    watched.close_contexts()
    assert watched.violations == [], "Content-Security-Policy violations:\n" + "\n".join(watched.violations)


def serious_accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical findings on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}× e.g. {violation['nodes'][0]['target']})"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
