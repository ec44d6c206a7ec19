"""RFC 9457 problem details ("application/problem+json") with field-level errors."""

from __future__ import annotations

from typing import Any

from flask import Response, json

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Ugyldig forespørgsel",
    401: "Du skal være logget ind",
    403: "Du har ikke adgang",
    404: "Ikke fundet",
    405: "Metoden er ikke tilladt her",
    409: "Handlingen passer ikke med den nuværende tilstand",
    413: "Forespørgslen er for stor",
    415: "Forkert indholdstype: send JSON",
    422: "Ugyldige data",
    429: "For mange forespørgsler",
    500: "Der opstod en uventet fejl",
    503: "Tjenesten er ikke tilgængelig lige nu",
}


def problem(status: int, detail: str | None = None, errors: Any = None, **extra: Any) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(status, "Fejl"), "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    return response
