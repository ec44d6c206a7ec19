"""The control-character rule: what text fields refuse, what documents leave out."""

from __future__ import annotations

from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional

from shared.control_characters import MESSAGE, has_forbidden_characters, xml_text
from shared.web.forms import DanishForm


def test_tab_and_line_breaks_are_text_other_c0_characters_are_not():
    assert not has_forbidden_characters("Punkt 1\tGodkendt\r\nPunkt 2\n")
    assert not has_forbidden_characters("Æblegrød \u2028 \x7f €")
    for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]:
        assert has_forbidden_characters(f"a{chr(code)}b"), hex(code)
    assert has_forbidden_characters("\ud800"), "a lone surrogate cannot be stored as UTF-8"


def test_xml_text_keeps_what_xml_can_hold():
    assert xml_text("a\x00b\x0bc\x1fd\ufffee\tf\ng\rh æ") == "abcde\tf\ng\rh æ"


class Form(DanishForm):
    name = StringField(filters=[lambda value: value.strip() if value else value])
    note = TextAreaField(validators=[Optional()])


def test_every_field_of_a_danish_form_refuses_control_characters_as_sent():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    with app.test_request_context():
        # \x1f at the edge would vanish in the strip filter; \x1c alone looks empty to Optional.
        form = Form(formdata=MultiDict({"name": "Anne\x1f", "note": "\x1c"}))
        assert not form.validate()
        assert form.errors == {"name": [MESSAGE], "note": [MESSAGE]}
        form = Form(formdata=MultiDict({"name": "Anne Holm", "note": "Linje 1\r\n\tLinje 2"}))
        assert form.validate(), form.errors
