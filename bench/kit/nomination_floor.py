"""The nomination form's floor: bare Flask + psycopg doing what the form must do and no
more. GET reads the round (one SELECT) and renders the same form (the same fields,
labels, hints and consent text) with a CSRF token (Flask-WTF's) and a submission id;
POST checks the token and stores the nomination with one INSERT into the same table,
then redirects to a receipt.

Served by gunicorn with the same settings as the awards service:
    gunicorn --workers 2 --pythonpath bench 'kit.nomination_floor:create_app()'
Reads FLOOR_DATABASE_URL and FLOOR_SECRET_KEY from the environment.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from datetime import UTC, datetime

import psycopg
from flask import Flask, Response, redirect, request
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from jinja2 import Environment, FileSystemLoader, select_autoescape
from wtforms.validators import ValidationError

HERE = os.path.dirname(__file__)
CONSENT = (
    "Lejre Kommune er dataansvarlig for de oplysninger, du giver her. Vi bruger dit navn, din e-mail og dit "
    "telefonnummer til at kontakte dig om indstillingen, hvis udvalget eller sekretariatet har spørgsmål. Dine "
    "kontaktoplysninger bliver aldrig offentliggjort og gives ikke videre til virksomheden eller andre; udvalgets "
    "medlemmer læser din begrundelse, men ser ikke, hvem du er. Vi sletter dine kontaktoplysninger og et eventuelt "
    "bilag 6 måneder efter, at runden er slut. Oplysningerne behandles på grundlag af dit samtykke "
    "(databeskyttelsesforordningens artikel 6, stk. 1, litra a). Du kan når som helst trække samtykket tilbage og "
    "bede om indsigt i, rettelse eller sletning af dine oplysninger ved at skrive til kommunen."
)
ROUND = """SELECT r.id, r.title, r.closes_at, r.criteria FROM award_rounds r
    JOIN municipality_copies m ON m.id = r.municipality_id WHERE m.slug = %s AND r.year = %s"""
# One statement: the row, with the round found by the address.
INSERT = """INSERT INTO nominations (id, round_id, reference, submission_id, submitted_at, company_name, cvr,
    company_address, reasons, nominator_name, nominator_email, nominator_phone, consent_text, status)
    SELECT %s, r.id, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'received' FROM award_rounds r
    JOIN municipality_copies m ON m.id = r.municipality_id WHERE m.slug = %s AND r.year = %s"""


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["FLOOR_SECRET_KEY"]
    database_url = os.environ["FLOOR_DATABASE_URL"]
    page = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape()).get_template(
        "nomination_floor.html")
    connection: list[psycopg.Connection] = []

    def database() -> psycopg.Connection:
        # One connection per worker process, made on its first request (after gunicorn's fork).
        if not connection:
            connection.append(psycopg.connect(database_url, autocommit=True))
        return connection[0]

    @app.get("/<slug>/<int:year>/indstil")
    def form(slug: str, year: int) -> str | Response:
        found = database().execute(ROUND, (slug, year)).fetchone()
        if found is None:
            return Response("Runden findes ikke.", 404)
        _id, title, closes_at, criteria = found
        return page.render(title=title, closes_at=closes_at, criteria=criteria, consent=CONSENT,
                           csrf_token=generate_csrf(), submission_id=uuid.uuid4())

    @app.post("/<slug>/<int:year>/indstil")
    def submit(slug: str, year: int):
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from exc
        fields = request.form
        conn = database()
        with conn.transaction():
            conn.execute(INSERT, (
                uuid.uuid4(), f"FL{secrets.token_hex(8)}", uuid.UUID(fields["submission_id"]), datetime.now(UTC),
                fields["company_name"], fields["cvr"], fields["company_address"],
                json.dumps([value for name, value in fields.items() if name.startswith("reason_")]),
                fields["nominator_name"], fields["nominator_email"], fields.get("nominator_phone") or None, CONSENT,
                slug, year))
        return redirect(f"/kvittering/{fields['submission_id']}", 303)

    @app.get("/healthz")
    def healthz() -> Response:
        return Response("ok")

    return app
