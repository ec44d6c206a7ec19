"""The awards service's Flask app factory (gunicorn: 'services.awards.app:create_app()')."""

from __future__ import annotations

import time

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from services.awards.api import BLUEPRINTS
from services.awards.bootstrap import build_runtime
from services.awards.config import AwardsOptions
from services.awards.models import account_copies
from services.awards.web import PAGES
from services.awards.web.public import form_bp
from shared.api.app import build_service_app
from shared.auth.account_copies import copy_session_accounts
from shared.runtime import ServiceRuntime


def create_app(runtime: ServiceRuntime | None = None, options: AwardsOptions | None = None) -> Flask:
    options = options or AwardsOptions.from_env()
    app = build_service_app(
        __name__, runtime or build_runtime(), title="Udvalg: virksomhedspris", blueprints=BLUEPRINTS, pages=PAGES,
        accounts=copy_session_accounts(account_copies),
    )
    app.extensions["awards.options"] = options
    if options.trusted_proxies:
        # Behind the proxy every request comes from the proxy: the client is in X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=options.trusted_proxies)  # type: ignore[method-assign]
    # No X-RateLimit-* headers on every answer: browsers ignore them, and each cost the
    # shared store round trips on every form sent. A refused client is told when to retry.
    limiter = Limiter(get_remote_address, app=app, storage_uri=options.rate_limit_storage_uri, key_prefix="awards")
    limiter.limit(options.nomination_rate_limit, methods=["POST"])(form_bp)
    # Only sending counts; reading a page skips the limiter's per-request work altogether.
    limiter.request_filter(lambda: request.method in ("GET", "HEAD"))

    @app.after_request
    def _retry_after(response: Response) -> Response:
        limit = limiter.current_limit
        if response.status_code == 429 and limit is not None:
            response.headers["Retry-After"] = str(max(1, limit.reset_at - int(time.time())))
        return response

    return app
