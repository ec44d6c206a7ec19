"""A login session ends in every service at once: the agenda service ends it (logout,
deactivation) and its account event reaches the decisions and awards services' copies.
Run on the embedded system, as a browser and a cookie thief would see it."""

from __future__ import annotations

import pytest
import requests

from services.agenda.demo.load import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.support.fixtures import wait_for
from tests.support.pages import found

pytestmark = pytest.mark.e2e

def _form(browser: requests.Session, page: str, action: str | None = None, **data) -> requests.Response:
    token = found(r'name="csrf_token"[^>]*value="([^"]+)"', browser.get(page, timeout=10).text)
    return browser.post(action or page, data={"csrf_token": token, **data}, timeout=30, allow_redirects=False)


def _logged_in(base: str, email: str, password: str) -> requests.Session:
    browser = requests.Session()
    response = _form(browser, f"{base}/agenda/login", email=email, password=password)
    assert response.status_code == 302, response.text
    return browser


def _copy(browser: requests.Session) -> requests.Session:
    thief = requests.Session()
    thief.cookies.set("udvalg_session", browser.cookies["udvalg_session"])
    return thief


def _pages(base: str, meeting_id: str) -> dict[str, str]:
    return {"agenda": f"{base}/agenda/sekretariat/", "decisions": f"{base}/decisions/sekretariat/moeder/{meeting_id}",
            "awards": f"{base}/awards/sekretariat/"}


def _answers(browser: requests.Session, pages: dict[str, str]) -> dict[str, int]:
    return {name: browser.get(url, timeout=10, allow_redirects=False).status_code for name, url in pages.items()}


def _refused_everywhere(browser: requests.Session, pages: dict[str, str]) -> dict[str, int] | None:
    answers = _answers(browser, pages)
    return answers if 200 not in answers.values() else None


def test_logout_and_deactivation_end_sessions_in_every_service(embedded_site):
    base = embedded_site
    meeting = next(m for m in requests.get(f"{base}/agenda/api/v1/meetings", timeout=10).json()
                   if m["date"] == "2020-01-08")
    pages = _pages(base, meeting["id"])
    secretary = _logged_in(base, DEMO_ACCOUNTS["secretary"], DEMO_PASSWORD)
    thief = _copy(secretary)
    everywhere = {"agenda": 200, "decisions": 200, "awards": 200}
    wait_for(lambda: _answers(thief, pages) == everywhere, timeout=30, message="the session in every service")

    _form(secretary, f"{base}/agenda/sekretariat/", f"{base}/agenda/logout")

    ended = wait_for(lambda: _refused_everywhere(thief, pages), timeout=30,
                     message="the copied cookie refused everywhere after logout")
    assert ended["agenda"] == 302 and ended["decisions"] == 403 and ended["awards"] in (302, 403)

    token = requests.post(f"{base}/agenda/api/v1/tokens", timeout=10, json={
        "email": DEMO_ACCOUNTS["secretary"], "password": DEMO_PASSWORD}).json()["token"]
    created = requests.post(f"{base}/agenda/api/v1/municipalities/lejre/users", timeout=10,
                            headers={"Authorization": f"Bearer {token}"},
                            json={"email": "vikar@lejre.dk", "name": "Vikar", "role": "secretary"}).json()
    temp = requests.Session()
    link = created["password_link"]["url"]
    assert _form(temp, link, password="vikarens-egen-kode", repeat="vikarens-egen-kode").status_code == 302
    wait_for(lambda: _answers(temp, pages) == everywhere, timeout=30, message="the new secretary everywhere")

    requests.patch(f"{base}/agenda/api/v1/users/{created['id']}", json={"active": False}, timeout=10,
                   headers={"Authorization": f"Bearer {token}"}).raise_for_status()

    wait_for(lambda: _refused_everywhere(temp, pages), timeout=30,
             message="the deactivated account's session refused everywhere")
