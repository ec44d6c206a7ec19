"""The house-style page in Chromium: reached from the secretariat's navigation, its
preview follows what the secretary types (static script, no inline code, under the
Content-Security-Policy), the list buttons work, and the page passes axe."""

from __future__ import annotations

import pytest

from tests.support.browser import serious_accessibility_problems
from tests.support.system import embedded_system, served, wait_until_delivered

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with embedded_system(tmp_path_factory.mktemp("var")) as system:
        wait_until_delivered(system)
        with served(system.wsgi_app) as base:
            yield base


def test_the_preview_follows_the_typing_and_nothing_is_stored_until_saved(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/login")
    page.get_by_label("E-mail").fill("sekretaer@lejre.dk")
    page.get_by_label("Adgangskode").fill("lejre-demo-2020")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Husstil", exact=True).click()
    page.get_by_role("heading", name="Husstil for Lejre Kommune").wait_for()
    preview = page.locator("#eksempel")
    assert "Beslutning Udvalget for Børn & Ungdom den" in preview.inner_text()
    problems = serious_accessibility_problems(page)
    assert problems == [], problems

    page.get_by_label("Overskrift over en beslutning").fill("Udvalgets beslutning")
    page.get_by_label("Ord for et medlem, der ikke deltager").fill("Fraværende")
    preview.get_by_text("Udvalgets beslutning", exact=True).wait_for()
    preview.get_by_text("Fraværende:", exact=True).wait_for()
    page.get_by_text("før titlen").check()
    preview.get_by_text("Punkt 3: (Lukket punkt) BU - Eksempel på et lukket punkt").wait_for()

    page.get_by_role("button", name="Flyt ned Resumé").click()
    page.get_by_text("Ændringerne er ikke gemt endnu.").wait_for()
    assert page.locator("#sections-0-title").input_value() == "Indstilling"
    assert page.get_by_label("Overskrift over en beslutning").input_value() == "Udvalgets beslutning"

    page.goto(f"{site}/agenda/sekretariat/husstil/")
    assert page.get_by_label("Overskrift over en beslutning").input_value() == "Beslutning {udvalg} den {dato}"
    page.get_by_role("link", name="Word-skabelon", exact=True).click()
    page.get_by_role("heading", name="Word-skabelon for Lejre Kommune").wait_for()
    assert "sideopsætningen" in page.content()
