"""The parts every service's Flask app shares: OpenAPI, problem+json errors, health check,
correlation ids. Each service's create_app calls `init_service_app` and adds its own API."""

from __future__ import annotations

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Flask, current_app, g, make_response, render_template, request, session
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Api
from flask_wtf.csrf import CSRFError, CSRFProtect
from marshmallow import Schema
from sqlalchemy import text
from werkzeug.exceptions import HTTPException, TooManyRequests

from shared.actor import Actor, bind_actor, unbind_actor
from shared.api.limits import init_limiter
from shared.api.problem import TITLES, problem
from shared.auth.session import (
    SESSION_KEY,
    SessionAccounts,
    check_session,
    configure_session,
    no_accounts,
    principal_from_session,
)
from shared.dates import YearConverter, year_schema
from shared.db.availability import database_unavailable
from shared.db.uow import UnitOfWork
from shared.errors import DomainError
from shared.log import accept_correlation_id, bind_correlation_id, configure_logging, get_logger
from shared.runtime import ServiceRuntime
from shared.schemas import InputSchema  # noqa: F401 - Danish validation messages before any schema
from shared.web import web
from shared.web.security import init_security_headers, refuse_nul_in_addresses

log = get_logger(__name__)

CORRELATION_HEADER = "X-Correlation-ID"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DATABASE_AWAY = "Databasen svarer ikke lige nu. Prøv igen om lidt."
RETRY_AFTER_DATABASE_SECONDS = 5


def wants_page() -> bool:
    """Pages get Danish HTML error pages; the API (and health checks) get problem+json."""
    return not (request.path.startswith("/api/") or request.path in ("/healthz", "/readyz", "/openapi.json"))


def error_page(status: int, detail: str | None = None):
    return render_template("udvalg/error.html", title=TITLES.get(status, "Fejl"), detail=detail,
                           correlation_id=g.get("correlation_id") if status >= 500 else None), status


class ProblemApi(Api):
    """flask-smorest's Api answering errors as problem+json (or a Danish page for pages)."""

    def handle_http_exception(self, error: HTTPException):
        if wants_page():
            return error_page(error.code or 500, _limit_message(error) or _danish_detail(error.code or 500))
        return self._problem(error)

    def _problem(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        messages = data.get("messages")
        status = error.code or 500
        if status == 400 and isinstance(getattr(error, "exc", None), (ValueError, UnicodeDecodeError)):
            return problem(400, "Forespørgslens indhold er ikke gyldig JSON.")
        if status == 422 and messages:
            return problem(422, "Et eller flere felter er ikke udfyldt korrekt.", errors=messages)
        return problem(status, data.get("message") or _limit_message(error) or _danish_detail(status))


def _limit_message(error: HTTPException) -> str | None:
    """A rate limit's own Danish message (e.g. for too many login attempts), if it has one."""
    limit = getattr(error, "limit", None)
    return error.description if isinstance(error, TooManyRequests) and getattr(limit, "error_message", None) else None


def _danish_detail(status: int) -> str | None:
    return {
        404: "Den ønskede ressource findes ikke.",
        405: "Metoden er ikke tilladt for denne adresse.",
        413: "Det sendte er for stort (højst 20 MB i alt). Gå tilbage, og vælg en mindre fil.",
        415: "Send indholdet som application/json.",
        429: "Du har sendt mange forespørgsler på kort tid. Vent lidt, og prøv igen.",
    }.get(status)


def _schema_name(schema) -> str:
    """OpenAPI component names; a PATCH (partial) or cut-down (only=) variant gets its own."""
    resolved = resolve_schema_cls(schema)
    name = (resolved[0] if isinstance(resolved, list) else resolved).__name__.removesuffix("Schema")
    if isinstance(schema, Schema):
        if schema.partial:
            name += "Patch"
        if schema.only:
            name += "Summary"
    return name


def init_service_app(app: Flask, runtime: ServiceRuntime, *, title: str, accounts: SessionAccounts) -> ProblemApi:
    configure_logging(runtime.settings.log_format)
    app.config.update(
        SECRET_KEY=runtime.settings.secret_key,
        API_TITLE=title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    # Danish text as UTF-8, not \u escapes: readable, and searchable by tests for leaks.
    if isinstance(app.json, DefaultJSONProvider):
        app.json.ensure_ascii = False
    app.extensions["udvalg.runtime"] = runtime
    configure_session(app, secure=runtime.settings.public_base_url.startswith("https://"), accounts=accounts)
    # Forms (FlaskForm) check their own CSRF token. Here: any write that rides on a login
    # session cookie; calls with an API token or no session carry no ambient credentials.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    csrf = CSRFProtect(app)
    app.url_map.converters["year"] = YearConverter
    app.register_blueprint(web)
    init_security_headers(app)
    api = ProblemApi(app, spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=_schema_name)})
    api.ERROR_SCHEMA = None
    api.register_converter(YearConverter, year_schema)

    @app.before_request
    def _bind_correlation_id_and_actor():
        g.correlation_id = accept_correlation_id(request.headers.get(CORRELATION_HEADER))
        bind_correlation_id(g.correlation_id)
        # Before any view opens a unit of work: an ended login session is refused here.
        check_session(runtime.session_factory)
        bind_actor(Actor.of(principal_from_session()))

    @app.before_request
    def _check_csrf():
        unsafe = request.method in ("POST", "PUT", "PATCH", "DELETE")
        if unsafe and "Authorization" not in request.headers and session.get(SESSION_KEY):
            csrf.protect()

    refuse_nul_in_addresses(app)

    @app.after_request
    def _echo_correlation_id(response):
        response.headers[CORRELATION_HEADER] = g.get("correlation_id", "")
        return response

    @app.teardown_request
    def _end_request_context(_exc):
        for unit in g.pop("units_of_work", []):
            unit.close()
        # The thread serves other requests (and, in tests, other code) next.
        unbind_actor()
        bind_correlation_id(None)

    @app.errorhandler(CSRFError)
    def _csrf_failed(error: CSRFError):
        detail = "Formularen er udløbet eller mangler sit sikkerhedstjek. Genindlæs siden og prøv igen."
        return error_page(400, detail) if wants_page() else problem(400, detail)

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        if wants_page():
            return error_page(error.status, error.detail)
        return problem(error.status, error.detail, errors=error.errors or None)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return api.handle_http_exception(error)
        if database_unavailable(error):
            # Not a fault of the code: the next request (a new connection) may well succeed.
            log.warning("request.database_unavailable", path=request.path, error=repr(error))
            response = make_response(error_page(503, DATABASE_AWAY) if wants_page() else problem(503, DATABASE_AWAY))
            response.headers["Retry-After"] = str(RETRY_AFTER_DATABASE_SECONDS)
            return response
        log.exception("request.failed", path=request.path)
        detail = "Fejlen er logget. Prøv igen, eller kontakt support med fejl-id."
        if wants_page():
            return error_page(500, detail)
        return problem(500, detail, correlation_id=g.get("correlation_id"))

    @app.get("/healthz")
    def healthz():
        try:
            with runtime.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001
            log.error("healthz.database_unreachable", error=repr(exc))
            return problem(503, "Databasen svarer ikke.")
        return {"status": "ok", "service": runtime.name}

    @app.get("/readyz")
    def readyz():
        """Whether this service's events move (liveness stays with /healthz)."""
        try:
            readiness = runtime.readiness()
        except Exception as exc:  # noqa: BLE001
            log.error("readyz.database_unreachable", error=repr(exc))
            return problem(503, "Databasen svarer ikke.")
        if not readiness.ready:
            log.warning("readyz.not_ready", problems=readiness.problems)
            return problem(503, " ".join(readiness.problems), checks=readiness.checks)
        return {"status": "ready", "service": runtime.name, "checks": readiness.checks}

    return api


def build_service_app(import_name: str, runtime: ServiceRuntime, *, title: str, blueprints, pages=(),
                      accounts: SessionAccounts = no_accounts) -> Flask:
    """A service's Flask app: the shared parts, its API blueprints and its page blueprints.
    `accounts` tells the login-session check what this service knows of an account (an app
    that knows none honours no login session)."""
    app = Flask(import_name)
    api = init_service_app(app, runtime, title=title, accounts=accounts)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    for blueprint in pages:
        app.register_blueprint(blueprint)
    init_limiter(app, runtime.settings)
    return app


def runtime_of(app: Flask) -> ServiceRuntime:
    return app.extensions["udvalg.runtime"]


def request_uow() -> UnitOfWork:
    """A unit of work for this request; its session closes when the request ends. A GET
    (or HEAD) only reads: its unit of work is read-only and takes no lock."""
    unit = runtime_of(current_app).uow(close_on_exit=False, read_only=request.method in SAFE_METHODS)
    g.setdefault("units_of_work", []).append(unit)
    return unit
