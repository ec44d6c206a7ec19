"""The årshjul drawn as SVG: well-formed, twelve months, every entry findable by its full text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from services.agenda.calendar.domain.wheel import MAX_PER_MONTH, WheelMark, render_wheel

SVG = "{http://www.w3.org/2000/svg}"


def _svg(marks: list[WheelMark], **kwargs) -> ET.Element:
    return ET.fromstring(render_wheel(year=2020, heading="Udvalget for Job & Arbejdsmarked", marks=marks, **kwargs))


def _texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_the_wheel_names_all_twelve_months_and_labels_itself_for_screen_readers():
    root = _svg([])
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Årshjul 2020: Udvalget for Job & Arbejdsmarked"
    assert "tabellen" in root.find(f"{SVG}desc").text
    for name in ("Januar", "Februar", "Juli", "December"):
        assert name in _texts(root)


def test_each_entry_has_a_mark_with_its_full_date_and_title_as_tooltip():
    marks = [WheelMark(kind="deadline", month=12, date=date(2020, 12, 31),
                       title="Beskæftigelsesplan 2021 godkendes inden årets udgang"),
             WheelMark(kind="event", month=5, title="Prisoverrækkelse: Virksomhedspris 2019")]
    root = _svg(marks)
    tooltips = [group.find(f"{SVG}title").text for group in root.iter(f"{SVG}g") if "mark" in group.get("class", "")]
    assert tooltips == ["Maj: Prisoverrækkelse: Virksomhedspris 2019",
                        "31-12-2020: Beskæftigelsesplan 2021 godkendes inden årets udgang"]
    # On the wheel itself a long title is shortened, with the day of the month before it.
    label = next(text for text in _texts(root) if text.startswith("31. Beskæftigelsesplan 2021"))
    assert label.endswith("…") and len(label) < len("31. Beskæftigelsesplan 2021 godkendes inden årets udgang")


def test_a_cancelled_entry_is_struck_through_and_says_so():
    root = _svg([WheelMark(kind="meeting", month=3, date=date(2020, 3, 11), title="Udvalgsmøde", cancelled=True)])
    [mark] = [group for group in root.iter(f"{SVG}g") if "mark" in group.get("class", "")]
    label = mark.find(f"{SVG}text")
    assert label.get("text-decoration") == "line-through"
    assert "".join(label.itertext()) == "Aflyst: 11. Udvalgsmøde"


def test_a_crowded_month_points_to_the_table_for_the_rest():
    marks = [WheelMark(kind="milestone", month=4, title=f"Punkt {n}") for n in range(MAX_PER_MONTH + 3)]
    texts = _texts(_svg(marks))
    assert "+ 4 mere (se tabellen)" in texts
    assert "Punkt 5" in texts and "Punkt 6" not in texts


def test_text_from_users_is_escaped():
    root = _svg([WheelMark(kind="event", month=1, title="<script>alert(1)</script> & co")])
    assert "<script>alert(1)</script> & co" in _texts(root)


def test_the_downloadable_file_starts_with_an_xml_declaration():
    assert render_wheel(year=2020, heading="JA", marks=[], standalone=True).startswith('<?xml version="1.0"')
