"""The page at / of the embedded system: what runs, and how to sign in to the demo."""

from __future__ import annotations

from flask import Flask, render_template

from services.agenda.demo.load import DEMO_ACCOUNTS, DEMO_PASSWORD
from shared.runtime import ServiceRuntime
from shared.web import web


def create_home_app(runtime: ServiceRuntime) -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = runtime.settings.secret_key
    app.register_blueprint(web)

    @app.get("/")
    def home():
        return render_template(
            "home.html",
            services=[("agenda", "Dagsordener"), ("decisions", "Beslutninger og referater"), ("awards", "Virksomhedspris")],
            accounts=DEMO_ACCOUNTS,
            password=DEMO_PASSWORD,
        )

    return app
