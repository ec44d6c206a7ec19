"""Forms on DanishForm answer input they cannot read in Danish (WTForms has no Danish)."""

from __future__ import annotations

from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from shared.web.forms import DanishForm, options


class Form(DanishForm):
    number = IntegerField()
    day = DateField()
    choice = SelectField(choices=options([("a", "A")]))
    name = StringField(validators=[DataRequired("Skriv dit navn.")])


def test_unreadable_input_gets_danish_messages_and_given_messages_stay():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    with app.test_request_context():
        form = Form(formdata=MultiDict({"number": "tre", "day": "31.1.2026", "choice": "x", "name": ""}))
        assert not form.validate()
    assert form.errors == {
        "number": ["Skriv et helt tal."],
        "day": ["Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-01-31."],
        "choice": ["Vælg en af mulighederne."],
        "name": ["Skriv dit navn."],
    }


class Limited(DanishForm):
    title = StringField(validators=[Length(max=5)])
    score = IntegerField(validators=[NumberRange(min=0, max=5)])


def test_length_and_range_limits_are_told_in_danish():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    with app.test_request_context():
        form = Limited(formdata=MultiDict({"title": "for langt", "score": "9"}))
        assert not form.validate()
    assert form.errors == {"title": ["Højst 5 tegn."], "score": ["Tallet skal ligge mellem 0 og 5."]}
