"""Driving server-rendered pages in tests the way a browser does: with the form's CSRF token."""

from __future__ import annotations

import re

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _TOKEN.search(html)
    assert match, "the page holds no CSRF token"
    return match.group(1)


def post_form(client, page: str, action: str | None = None, data: dict | None = None, **kwargs):
    """GET `page`, take its CSRF token, POST `data` to `action` (default: the page itself)."""
    html = client.get(page).get_data(as_text=True)
    return client.post(action or page, data={"csrf_token": csrf_token(html), **(data or {})}, **kwargs)


def log_in(client, email: str, password: str) -> None:
    response = post_form(client, "/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """What a browser sends from the form with this id as it stands: ticked boxes and
    chosen radios only, no buttons (add the button's name and value yourself)."""
    import lxml.html

    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    return dict(form.form_values())


def found(pattern: str, html: str) -> str:
    """The first group of `pattern` in the page; fails the test if the page lacks it."""
    match = re.search(pattern, html)
    assert match, f"the page holds nothing like {pattern!r}"
    return match.group(1)
