"""The årshjul drawn as an SVG wheel: twelve month sectors clockwise from January at the
top, each entry a marked spoke in its month with its day and title, a legend below.

Pure: plain marks in, SVG text out. The page shows the same content as a table (the
accessible version); the SVG says so in its description.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape as html_escape

from shared.control_characters import xml_text
from shared.danish import month_name, short_date

SIZE = 1000
LEGEND_HEIGHT = 90
CENTER = SIZE / 2
R_OUTER = 490
R_MONTHS = 432  # inner edge of the month ring
R_MARK = 416
R_TEXT = 402
R_HUB = 112
MAX_PER_MONTH = 7
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif"


def escape(text: str) -> str:
    """Text for the SVG (XML): escaped, and without what XML cannot hold."""
    return html_escape(xml_text(text))

# The kinds of årshjul entries with their Danish names, each with an Okabe-Ito colour (told
# apart with colour blindness) and a shape (told apart without colour).
KINDS = {
    "meeting": ("Udvalgsmøde", "#0072B2", "circle"),
    "dialogue_meeting": ("Dialogmøde", "#009E73", "square"),
    "deadline": ("Frist", "#D55E00", "triangle"),
    "milestone": ("Milepæl", "#CC79A7", "diamond"),
    "event": ("Arrangement", "#E69F00", "star"),
}
KIND_NAMES = {kind: name for kind, (name, _colour, _shape) in KINDS.items()}
# Month ring by season; white text on each has a contrast ratio above 7:1.
SEASONS = {12: "#1f4e79", 1: "#1f4e79", 2: "#1f4e79", 3: "#2e6b30", 4: "#2e6b30", 5: "#2e6b30",
           6: "#7a5000", 7: "#7a5000", 8: "#7a5000", 9: "#8b3a1a", 10: "#8b3a1a", 11: "#8b3a1a"}


@dataclass(frozen=True)
class WheelMark:
    """What the wheel needs of an entry."""

    kind: str
    month: int
    title: str
    date: date | None = None
    cancelled: bool = False
    public: bool = True


def _point(radius: float, degrees: float) -> tuple[float, float]:
    angle = math.radians(degrees)
    return CENTER + radius * math.cos(angle), CENTER + radius * math.sin(angle)


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _sector(r_in: float, r_out: float, start: float, end: float) -> str:
    x1, y1 = _point(r_out, start)
    x2, y2 = _point(r_out, end)
    x3, y3 = _point(r_in, end)
    x4, y4 = _point(r_in, start)
    return (f"M{_f(x1)},{_f(y1)} A{r_out},{r_out} 0 0,1 {_f(x2)},{_f(y2)} "
            f"L{_f(x3)},{_f(y3)} A{r_in},{r_in} 0 0,0 {_f(x4)},{_f(y4)} Z")


def _shape(kind: str, x: float, y: float, size: float, colour: str) -> str:
    shape = KINDS[kind][2]
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1.5"'
    if shape == "circle":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size)}" {common}/>'
    if shape == "square":
        return f'<rect x="{_f(x - size)}" y="{_f(y - size)}" width="{_f(2 * size)}" height="{_f(2 * size)}" {common}/>'
    if shape == "triangle":
        points = [(x, y - size * 1.2), (x + size * 1.1, y + size * 0.9), (x - size * 1.1, y + size * 0.9)]
    elif shape == "diamond":
        points = [(x, y - size * 1.3), (x + size * 1.1, y), (x, y + size * 1.3), (x - size * 1.1, y)]
    else:  # star
        points = []
        for i in range(10):
            radius = size * 1.35 if i % 2 == 0 else size * 0.6
            angle = math.radians(-90 + 36 * i)
            points.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
    return f'<polygon points="{" ".join(f"{_f(px)},{_f(py)}" for px, py in points)}" {common}/>'


def _label(mark: WheelMark, max_chars: int) -> str:
    text = f"{mark.date.day}. {mark.title}" if mark.date else mark.title
    if mark.cancelled:
        text = "Aflyst: " + text
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _spoke(mark: WheelMark, degrees: float, font_size: float, max_chars: int) -> str:
    colour = KINDS[mark.kind][1]
    mx, my = _point(R_MARK, degrees)
    label = _label(mark, max_chars)
    full = (f"{short_date(mark.date)}: " if mark.date else f"{month_name(mark.month).capitalize()}: ") + mark.title
    right = degrees <= 90 or degrees >= 270  # degrees in [0, 360)
    if right:
        rotate, x, anchor = degrees, CENTER + R_TEXT, "end"
    else:
        rotate, x, anchor = degrees - 180, CENTER - R_TEXT, "start"
    style = []
    if mark.cancelled:
        style.append('text-decoration="line-through" fill="#5a5a58"')
    if not mark.public:
        style.append('font-style="italic"')
    extra = (" " + " ".join(style)) if style else ""
    return (
        f'<g class="mark {mark.kind}"><title>{escape(full)}{" (aflyst)" if mark.cancelled else ""}</title>'
        f'{_shape(mark.kind, mx, my, font_size * 0.42, colour)}'
        f'<text transform="rotate({_f(rotate)} {_f(CENTER)} {_f(CENTER)})" x="{_f(x)}" y="{_f(CENTER)}" '
        f'dy="0.35em" text-anchor="{anchor}" font-size="{_f(font_size)}"{extra}>{escape(label)}</text></g>'
    )


def _month_marks(marks: list[WheelMark]) -> list[WheelMark]:
    if len(marks) <= MAX_PER_MONTH:
        return marks
    shown = marks[: MAX_PER_MONTH - 1]
    rest = len(marks) - len(shown)
    return shown + [WheelMark(kind="milestone", month=marks[0].month, title=f"+ {rest} mere (se tabellen)")]


def render_wheel(*, year: int, heading: str, marks: Sequence[WheelMark], standalone: bool = False) -> str:
    """The wheel as SVG markup; standalone adds the XML declaration for a .svg file."""
    height = SIZE + LEGEND_HEIGHT
    parts = [
        ('<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else "")
        + f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {height}" role="img" '
        f'aria-labelledby="aarshjul-titel aarshjul-beskrivelse" class="aarshjul" font-family="{escape(FONT)}" '
        f'fill="#1d1d1b">',
        f'<title id="aarshjul-titel">Årshjul {year}: {escape(heading)}</title>',
        (f'<desc id="aarshjul-beskrivelse">Årets tolv måneder som et hjul med {len(marks)} punkter. '
        f'Samme indhold står i tabellen på siden.</desc>'),
        f'<rect width="{SIZE}" height="{height}" fill="#ffffff"/>',
    ]
    by_month: dict[int, list[WheelMark]] = {m: [] for m in range(1, 13)}
    for mark in marks:
        by_month[mark.month].append(mark)
    for month in range(1, 13):
        start = -90 + 30 * (month - 1)
        end = start + 30
        parts.append(f'<path d="{_sector(R_HUB, R_MONTHS, start, end)}" fill="{"#f6f4ef" if month % 2 else "#ffffff"}" '
                     f'stroke="#c9c5bb" stroke-width="1"/>')
        parts.append(f'<path d="{_sector(R_MONTHS, R_OUTER, start, end)}" fill="{SEASONS[month]}" '
                     f'stroke="#ffffff" stroke-width="2"/>')
        middle = start + 15
        nx, ny = _point((R_OUTER + R_MONTHS) / 2, middle)
        # Along the ring, upright: the lower half's names turn the other way round.
        turn = middle + 90 if ny <= CENTER else middle - 90
        parts.append(f'<text x="{_f(nx)}" y="{_f(ny)}" dy="0.35em" text-anchor="middle" font-size="24" '
                     f'font-weight="700" fill="#ffffff" transform="rotate({_f(turn)} {_f(nx)} {_f(ny)})">'
                     f'{month_name(month).capitalize()}</text>')
    for quarter in range(4):
        x1, y1 = _point(R_HUB, -90 + 90 * quarter)
        x2, y2 = _point(R_OUTER, -90 + 90 * quarter)
        parts.append(f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="#4a4a48" stroke-width="2.5"/>')
    for month, month_marks in by_month.items():
        shown = _month_marks(month_marks)
        count = len(shown)
        font_size = 16 if count <= 3 else 14 if count <= 5 else 13
        max_chars = int((R_TEXT - R_HUB - 12) / (font_size * 0.56))
        start = -90 + 30 * (month - 1)
        for index, mark in enumerate(shown):
            degrees = start + 30 * (index + 1) / (count + 1)
            parts.append(_spoke(mark, degrees % 360, font_size, max_chars))
    parts.append(f'<circle cx="{_f(CENTER)}" cy="{_f(CENTER)}" r="{R_HUB}" fill="#0b4f6c"/>')
    heading_lines = _wrap(heading, 18)[:4]
    top = CENTER - 38 - 10 * (len(heading_lines) - 1)
    parts.append(f'<text x="{_f(CENTER)}" y="{_f(top)}" text-anchor="middle" font-size="22" fill="#ffffff">Årshjul</text>')
    parts.append(f'<text x="{_f(CENTER)}" y="{_f(top + 52)}" text-anchor="middle" font-size="52" font-weight="700" '
                 f'fill="#ffffff">{year}</text>')
    for index, line in enumerate(heading_lines):
        parts.append(f'<text x="{_f(CENTER)}" y="{_f(top + 82 + 19 * index)}" text-anchor="middle" font-size="16" '
                     f'fill="#ffffff">{escape(line)}</text>')
    parts.append(_legend(SIZE + 20))
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(y: float) -> str:
    items, x = [], 40.0
    for kind, (name, colour, _shape_name) in KINDS.items():
        items.append(_shape(kind, x, y + 10, 8, colour))
        items.append(f'<text x="{_f(x + 16)}" y="{_f(y + 10)}" dy="0.35em" font-size="18">{name}</text>')
        x += 44 + len(name) * 11.5
    items.append(f'<text x="40" y="{_f(y + 48)}" font-size="16" fill="#4a4a48">Kursiv: kun for kommunens brugere. '
                 f'Overstreget: aflyst. Tallet foran titlen er dagen i måneden.</text>')
    return '<g class="legend">' + "".join(items) + "</g>"
