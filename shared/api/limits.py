"""Rate limits for every service: one Flask-Limiter per app, counting in the store the
settings name (Redis in production, so that all processes and replicas share the counts).

A moving window that does not count refused requests: a client that keeps knocking once
limited is let in again as soon as its earlier requests leave the window, so a limit is
always short and nobody can stretch it into a long lock-out of someone else.
"""

from __future__ import annotations

import time
from functools import partial, wraps

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from shared.config import Settings

# A store that stops answering must not hang a request: fail fast, count in memory meanwhile.
_REDIS_OPTIONS: dict[str, str | int] = {"socket_timeout": 1, "socket_connect_timeout": 1}
READING = ("GET", "HEAD")


def init_limiter(app: Flask, settings: Settings) -> Limiter:
    if settings.trusted_proxies:
        # Behind the proxy every request comes from the proxy: the client is in X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)  # type: ignore[method-assign]
    uri = settings.rate_limit_storage_uri
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=uri,
        storage_options=_REDIS_OPTIONS if uri.startswith(("redis", "rediss")) else {},
        strategy="moving-window",
        # No X-RateLimit-* headers on every answer: browsers ignore them, and each costs the
        # shared store round trips. A refused client is told when to retry (below).
        key_prefix=f"{settings.rate_limit_prefix}:{settings.service}",
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    # Only sending counts; reading a page skips the limiter's per-request work altogether.
    limiter.request_filter(_reading)
    _skip_on_reads(app, limiter)

    @app.after_request
    def _retry_after(response: Response) -> Response:
        if response.status_code != 429:
            return response
        limit = limiter.current_limit
        if limit is not None:
            # The moving window's reset rounds up a second; never promise longer than the window.
            wait = min(limit.reset_at - int(time.time()), limit.limit.get_expiry())
            response.headers["Retry-After"] = str(max(1, wait))
        return response

    app.extensions["udvalg.limiter"] = limiter
    return limiter


def _reading() -> bool:
    return request.method in READING


def _skip_on_reads(app: Flask, limiter: Limiter) -> None:
    """The request filter keeps reads from counting, but Flask-Limiter's own hooks still
    work out every GET's exemptions, headers and context (on a cached iCal feed a tenth
    of the answer's time). Its three hooks are run for requests that may count only."""

    def before(hook):
        return wraps(hook)(lambda: None if _reading() else hook())

    def after(hook):
        return wraps(hook)(lambda response: response if _reading() else hook(response))

    def teardown(hook):
        return wraps(hook)(lambda error: None if _reading() else hook(error))

    found = 0
    for hooks, guard in ((app.before_request_funcs.get(None, []), before),
                         (app.after_request_funcs.get(None, []), after),
                         (app.teardown_request_funcs.get(None, []), teardown)):
        for index, hook in enumerate(hooks):
            if getattr(hook, "__self__", None) is limiter or (isinstance(hook, partial) and hook.args[:1] == (limiter,)):
                hooks[index] = guard(hook)
                found += 1
    if found != 3:  # a Flask-Limiter that hooks in otherwise: its hooks would run on every read again
        raise RuntimeError(f"Flask-Limiter's request hooks not found ({found} of 3)")


def limiter_of(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions["udvalg.limiter"]
