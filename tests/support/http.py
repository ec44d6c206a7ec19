"""Driving a running system's pages over real HTTP (requests), as a browser without
JavaScript does: log in, then send forms with their CSRF tokens."""

from __future__ import annotations

import requests

from tests.support.pages import csrf_token


def logged_in(base: str, email: str, password: str) -> requests.Session:
    http = requests.Session()
    response = submit(http, f"{base}/login", data={"email": email, "password": password}, allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return http


def submit(http: requests.Session, page: str, action: str | None = None, data: dict | None = None,
           **kwargs) -> requests.Response:
    """GET `page`, take its CSRF token, POST `data` to `action` (default: the page itself)."""
    token = csrf_token(http.get(page, timeout=30).text)
    return http.post(action or page, data={"csrf_token": token, **(data or {})}, timeout=30, **kwargs)


def api_token(base: str, email: str, password: str) -> dict:
    response = requests.post(f"{base}/agenda/api/v1/tokens", json={"email": email, "password": password}, timeout=30)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
