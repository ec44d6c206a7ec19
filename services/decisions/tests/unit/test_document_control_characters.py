"""The Word documents never fail on stored text: characters XML cannot hold (control
characters stored before they were refused, or arriving in another service's event)
are left out, everything else is kept."""

from __future__ import annotations

import dataclasses

import pytest

from services.decisions.documents.render import render_document
from services.decisions.tests.documents_factory import demo_referat, municipal_template
from services.decisions.tests.docx_reading import lines, part_text

ODD = "\x00\x01\x08\x0b\x0c\x1b\x1f\ufffe"


def _everywhere(document):
    """Every text of the document with the odd characters in the middle."""
    def spoil(value):
        if isinstance(value, str) and value:
            return value[:1] + ODD + value[1:]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.replace(value, **{f.name: spoil(getattr(value, f.name))
                                                 for f in dataclasses.fields(value) if f.init})
        if isinstance(value, tuple):
            return tuple(spoil(inner) for inner in value)
        if isinstance(value, dict):
            return {key: spoil(inner) for key, inner in value.items()}
        return value
    return dataclasses.replace(spoil(document), kind=document.kind, variant=document.variant)


@pytest.mark.parametrize("template", [None, "municipal"])
@pytest.mark.parametrize("variant", ["internal", "public"])
def test_a_referat_with_control_characters_in_every_text_renders_without_them(variant, template):
    clean = render_document(demo_referat(variant), municipal_template() if template else None)
    spoilt = render_document(_everywhere(demo_referat(variant)), municipal_template() if template else None)

    assert lines(spoilt) == lines(clean)
    title = "<dc:title>Referat Udvalget for Job &amp; Arbejdsmarked 08-01-2020</dc:title>"
    assert title in part_text(spoilt, "docProps/core.xml")
