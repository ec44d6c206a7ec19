"""How often a password may be tried: the login page and the API's token endpoint count
together, per client, per account and per account from one client.

Every attempt counts (a successful login too), so no burst of parallel guesses slips
between a check and its count. The limits use a moving window that does not count
refused attempts, so a lock ends a minute after the attempts that caused it, however long
an attacker keeps knocking: the real user, on another address, is held back at most by the
per-account limit and only while the guessing goes on at that rate.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from shared.api.limits import limiter_of

LOGIN_ENDPOINTS = ("account.login", "accounts.create_token")
PER_ACCOUNT_AND_CLIENT = "5 per minute"
PER_ACCOUNT = "20 per minute"
PER_CLIENT = "30 per minute"
MESSAGE = "For mange loginforsøg på kort tid. Vent et minut, og prøv igen."


def _typed_email() -> str:
    data = request.get_json(silent=True) if request.is_json else request.form
    email = data.get("email") if data is not None and hasattr(data, "get") else None
    return email.strip().lower()[:254] if isinstance(email, str) and email.strip() else "-"


def _client() -> str:
    return request.remote_addr or "-"


def _account() -> str:
    return f"konto:{_typed_email()}"


def _account_and_client() -> str:
    return f"konto:{_typed_email()}|{_client()}"


def protect_logins(app: Flask) -> None:
    limiter = limiter_of(app)
    views: dict[str, Any] = app.view_functions
    for limit, key, scope in ((PER_ACCOUNT_AND_CLIENT, _account_and_client, "login-konto-klient"),
                              (PER_ACCOUNT, _account, "login-konto"), (PER_CLIENT, _client, "login-klient")):
        shared = limiter.shared_limit(limit, scope=scope, key_func=key, methods=["POST"], error_message=MESSAGE)
        for endpoint in LOGIN_ENDPOINTS:
            views[endpoint] = shared(views[endpoint])
