"""Per-request helpers of the awards pages: the caller, the service's options, and Danish
field errors from the service layer put beside the form's fields."""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app, redirect, request

from services.awards.config import AwardsOptions
from services.awards.operations.receipts import Receipts
from shared.api.app import runtime_of
from shared.auth import Principal
from shared.auth.session import principal_from_session
from shared.web import service_url


def principal() -> Principal:
    return principal_from_session()


def login_redirect():
    """To the shared login page (the agenda service's), and back here afterwards."""
    here = request.script_root + request.full_path.rstrip("?")
    return redirect(service_url("agenda", "/login") + "?next=" + quote(here, safe="/"))


def options() -> AwardsOptions:
    return current_app.extensions["awards.options"]




def receipts() -> Receipts:
    runtime = runtime_of(current_app)
    if runtime.mail is None:
        raise RuntimeError("the awards service is built without its mail outbox")
    return Receipts(runtime.mail.outbox(), runtime.settings.public_base_url)
