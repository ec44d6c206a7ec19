"""Every API input schema of every service refuses C0 control characters (other than
tab and line breaks) in any string field, with the Danish message on that field, and
lets every other text through. Driven by Hypothesis with arbitrary text."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError, fields

import services
from shared.control_characters import MESSAGE, has_forbidden_characters
from shared.schemas import InputSchema

CONTROL_HEAVY = st.text(alphabet=st.sampled_from("aæ \t\n\r\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\u2028\ufffe"), max_size=12)
TEXTS = st.one_of(st.text(max_size=60), CONTROL_HEAVY)


def _input_schemas() -> list[type[InputSchema]]:
    for module in pkgutil.walk_packages(services.__path__, "services."):
        if module.name.rsplit(".", 1)[-1] in ("schemas", "api") or ".api." in module.name:
            importlib.import_module(module.name)
    found: list[type[InputSchema]] = []
    pending = list(InputSchema.__subclasses__())
    while pending:
        schema = pending.pop()
        found.append(schema)
        pending.extend(schema.__subclasses__())
    return found


def _string_fields() -> list[tuple[type[InputSchema], str, bool]]:
    """(schema, field, whether it is a list of strings) for every string field."""
    result = []
    for schema in _input_schemas():
        for name, field in schema().load_fields.items():
            if isinstance(field, fields.String) and not isinstance(field, fields.Email):
                result.append((schema, field.data_key or name, False))
            elif isinstance(field, fields.List) and isinstance(field.inner, fields.String):
                result.append((schema, field.data_key or name, True))
    return result


STRING_FIELDS = _string_fields()


def test_the_schemas_of_every_service_are_found():
    modules = {schema.__module__.split(".")[1] for schema, _, _ in STRING_FIELDS}
    assert modules == {"agenda", "decisions"}, "the awards API takes no input (its forms are DanishForms)"
    assert len(STRING_FIELDS) > 20


@settings(max_examples=400, deadline=None)
@given(target=st.sampled_from(STRING_FIELDS), text=TEXTS)
def test_a_string_field_refuses_control_characters_in_danish_and_keeps_all_other_text(target, text):
    schema, name, is_list = target
    value = [text] if is_list else text
    try:
        loaded = schema().load({name: value}, partial=True)
    except ValidationError as exc:
        messages = exc.messages.get(name) if isinstance(exc.messages, dict) else None
        if has_forbidden_characters(text):
            assert messages in ([MESSAGE], {0: [MESSAGE]}), exc.messages
        else:
            assert MESSAGE not in str(messages)
        return
    assert not has_forbidden_characters(text), f"{schema.__name__}.{name} took {text!r}"
    stored = loaded.get(name)
    assert stored is None or not has_forbidden_characters(str(stored))


def test_nested_text_is_refused_with_the_path_to_it():
    from services.agenda.schemas import ItemInputSchema

    with pytest.raises(ValidationError) as refused:
        ItemInputSchema().load({"title": "Budget", "sections": {"resume": "ok", "sagsfremstilling": "a\x0bb"},
                                "recommendation": {"points": ["at godkende", "at\x00"]}})
    assert refused.value.messages == {"sections": {"sagsfremstilling": [MESSAGE]},
                                      "recommendation": {"points": {1: [MESSAGE]}}}
