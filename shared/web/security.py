"""Security headers on every answer of every service, set in this one place.

Pages load scripts and styles only from the service itself; the rare inline `<style>` a
page needs carries the request's nonce (`csp_nonce()` in templates). No page may be
framed, no answer sniffed into another type, and no address (a private calendar link)
travels in a Referer header to another site. deploy/nginx/udvalg.conf sets the same
headers on what the proxy answers itself.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request

from shared.errors import DomainError, NotFound

NOSNIFF = "nosniff"
REFERRER_POLICY = "same-origin"


def content_security_policy(nonce: str | None = None) -> str:
    own = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    return "; ".join((
        "default-src 'self'",
        f"script-src {own}",
        f"style-src {own}",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


_FIXED_HEADERS = (
    ("X-Content-Type-Options", NOSNIFF),
    ("Referrer-Policy", REFERRER_POLICY),
    ("X-Frame-Options", "DENY"),  # for browsers that predate frame-ancestors
)


def csp_nonce() -> str:
    """This request's nonce, made when a template first asks for it."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def init_security_headers(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # A header the view set stays. One look at the answer's headers: setdefault reads
        # them all twice and raises a KeyError for each header that is missing.
        headers = response.headers
        present = {name.lower() for name, _value in headers}
        if "content-security-policy" not in present:
            headers.add("Content-Security-Policy", content_security_policy(g.get("csp_nonce")))
        for name, value in _FIXED_HEADERS:
            if name.lower() not in present:
                headers.add(name, value)
        return response


def refuse_nul_in_addresses(app: Flask) -> None:
    """No NUL byte in an address reaches a view: PostgreSQL cannot compare text with one
    (a slug or search word holding %00 was a 500). Text in forms and API bodies is
    checked field by field (DanishForm, InputSchema)."""

    @app.before_request
    def _no_nul():
        if "\x00" in request.path:
            raise NotFound("Den ønskede side findes ikke.")
        if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
            raise DomainError("Adressen indeholder et ugyldigt tegn (NUL).")
