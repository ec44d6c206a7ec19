"""Our html_params writes what WTForms' own writes, for every kind of value a widget passes."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from shared.web.attributes import WTFORMS_HTML_PARAMS, html_params
from shared.web.forms import DanishForm


@pytest.mark.parametrize("attributes", [
    {},
    {"id": "cvr", "name": "cvr", "type": "text", "value": ""},
    {"value": 'Hvalsø "Tømrer" & <Snedker>', "name": "company_name"},
    {"value": Markup('<b>"fed"</b>'), "title": Markup("a \"b\" & c")},
    {"required": True, "disabled": False, "checked": True, "maxlength": 200, "rows": 4},
    {"class_": "label", "for_": "cvr", "data_field_name": "x", "aria_describedby": "cvr-hint cvr-error"},
    {"aria-invalid": "true", "value": 0, "step": 0.5, "placeholder": None},
    {"value": "'; alert(1); '", "onfocus": "<script>"},
])
def test_html_params_writes_what_wtforms_writes(attributes):
    assert html_params(**attributes) == WTFORMS_HTML_PARAMS(**attributes)
    assert isinstance(html_params(**attributes), Markup)


def test_a_form_renders_with_it_and_escapes_what_was_typed():
    from wtforms import StringField, TextAreaField

    class Form(DanishForm):
        class Meta:
            csrf = False

        name = StringField("Navn")
        text = TextAreaField("Tekst")

    form = Form(formdata=None, data={"name": 'Hvalsø "&" <b>', "text": "</textarea><script>"})

    assert str(form.name(maxlength=200)) == (
        '<input id="name" maxlength="200" name="name" type="text" value="Hvalsø &#34;&amp;&#34; &lt;b&gt;">')
    assert "&lt;/textarea&gt;&lt;script&gt;" in str(form.text())
    assert str(form.name.label(class_="label")) == '<label class="label" for="name">Navn</label>'
