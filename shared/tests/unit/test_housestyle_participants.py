"""The meeting block's participants as the Word file, the public minutes page and the
meeting page all print them: afbud with the municipality's label, the substitute after
the member they stood in for."""

from __future__ import annotations

from shared.housestyle import DocumentStyle, participants_line


def test_a_substitute_follows_the_member_who_sent_afbud():
    line = participants_line(DocumentStyle(), [("Christian Plank", False, None), ("Steen Hansen", True, "Lotte Greve"),
                                               ("Ole Blickfeldt", False, None)])

    assert line == "Christian Plank, Steen Hansen (Afbud), Lotte Greve (stedfortræder for Steen Hansen), Ole Blickfeldt"


def test_afbud_is_written_with_the_municipalitys_own_label():
    style = DocumentStyle(absence_label="Fraværende")

    assert participants_line(style, [("Steen Hansen", True, None)]) == "Steen Hansen (Fraværende)"
