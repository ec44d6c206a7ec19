"""The awards service's Flask app factory (gunicorn: 'services.awards.app:create_app()')."""

from __future__ import annotations

from flask import Flask

from services.awards.api import BLUEPRINTS
from services.awards.bootstrap import build_runtime
from shared.api.app import build_service_app
from shared.runtime import ServiceRuntime


def create_app(runtime: ServiceRuntime | None = None) -> Flask:
    return build_service_app(
        __name__, runtime or build_runtime(), title="Udvalg: virksomhedspris", blueprints=BLUEPRINTS
    )
