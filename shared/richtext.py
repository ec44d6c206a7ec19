"""The project's one Markdown handling.

Case sections are stored as Markdown: paragraphs, **bold**, *italic*, "- " bullet lists,
"1. " numbered lists and GitHub pipe tables. This module turns that Markdown into
safe HTML for the pages, into a small block model for the Word documents and into
plain text (search, e-mails, previews). Nothing else in the project parses Markdown.

Safety: raw HTML in the input is never passed through (it is shown as text), links
keep only http, https and mailto targets, and images are shown as their alt text
(no remote images on our pages).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_LINK_SCHEMES = ("http:", "https:", "mailto:")


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)


@dataclass
class ListBlock:
    """A bullet list (ordered=False) or a numbered list. `start` is the first number;
    `level` is 0 for a top-level list and 1, 2, ... for lists nested in an item."""

    ordered: bool
    items: list[list[Run]] = field(default_factory=list)
    start: int = 1
    level: int = 0


@dataclass
class Table:
    header: list[list[Run]] = field(default_factory=list)
    rows: list[list[list[Run]]] = field(default_factory=list)


Block = Paragraph | ListBlock | Table


def _validate_link(url: str) -> bool:
    return url.strip().lower().startswith(ALLOWED_LINK_SCHEMES)


def _render_image_as_alt_text(self, tokens, idx, options, env) -> str:
    return html.escape(self.renderInlineAsText(tokens[idx].children or [], options, env), quote=False)


def _render_cell_with_align_class(self, tokens, idx, options, env) -> str:
    """A column's alignment as a class: the pages' Content-Security-Policy refuses style attributes."""
    token = tokens[idx]
    style = token.attrGet("style")
    if isinstance(style, str) and style.startswith("text-align:"):
        del token.attrs["style"]
        token.attrJoin("class", "align-" + style.removeprefix("text-align:"))
    return self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = _validate_link  # type: ignore[method-assign]  # markdown-it's documented hook
    md.add_render_rule("image", _render_image_as_alt_text)
    md.add_render_rule("th_open", _render_cell_with_align_class)
    md.add_render_rule("td_open", _render_cell_with_align_class)
    return md


# --- HTML -------------------------------------------------------------------------------


def to_html(markdown: str) -> Markup:
    """Safe HTML of the Markdown: raw HTML is escaped, links only http/https/mailto."""
    if not markdown or not markdown.strip():
        return Markup("")
    return Markup(_parser().render(markdown))


# --- Blocks -----------------------------------------------------------------------------


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and merged[-1].bold == run.bold and merged[-1].italic == run.italic:
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return merged


def _inline_runs(children, *, bold: bool = False) -> list[Run]:
    runs: list[Run] = []
    strong = 1 if bold else 0
    em = 0
    for token in children or []:
        kind = token.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind in ("text", "code_inline", "html_inline"):
            runs.append(Run(token.content, strong > 0, em > 0))
        elif kind == "softbreak":
            runs.append(Run(" ", strong > 0, em > 0))
        elif kind == "hardbreak":
            runs.append(Run("\n", strong > 0, em > 0))
        elif kind == "image":
            runs.extend(_inline_runs(token.children, bold=strong > 0))
        # link_open / link_close: the link text is kept, the target is not shown
    return _merge(runs)


def _strip(runs: list[Run]) -> list[Run]:
    runs = list(runs)
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return runs


@dataclass
class _OpenList:
    ordered: bool
    level: int
    next_number: int
    block: ListBlock
    item: list[Run] | None = None


# What could make Markdown of a part of the text between blank lines: a character that
# can start inline syntax (escape, code, emphasis, link, autolink, table cell, entity),
# whitespace other than spaces and line breaks, a control character (other than the
# line break), a line that starts with a space or with a character that can open a
# block (list, heading, quote, fence, setext line), or a line that ends in a space
# (hard break). Such a part without any of them is a plain paragraph.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<|]|&[#A-Za-z0-9]|[^\S \n]|[\x00-\x09\x0b-\x1f\x7f-\x9f]|^[ \-+#>=~\d]| $",
                        re.MULTILINE)
# What can reach across a blank line: a fenced code block, or a link reference
# definition used elsewhere in the text. With them the text is parsed whole.
_ACROSS_BLANK_LINES = re.compile(r"[`~\[]")
_BLANK_LINES = re.compile(r"(\n\n+)")


def to_blocks(markdown: str) -> list[Block]:
    """The Markdown as paragraphs, lists and tables of formatted runs (for the DOCX).

    Headings become bold paragraphs, code becomes plain text, block quotes are
    unwrapped; a list nested in an item follows its parent item as a list of a
    higher level, and the parent list continues after it with the right number.

    Most of a case's text is plain paragraphs, and parsing was a quarter of a
    referat's time: a part between blank lines with nothing of Markdown in it is made
    a paragraph directly (its line breaks are spaces, as the parser has them), and
    only the other parts go through the parser. A plain part starts and ends no
    construct: after a blank line an unindented line closes every list, quote, table
    and indented code, and what could stay open (a fence, a link reference) sends the
    whole text to the parser."""
    if not markdown or not markdown.strip():
        return []
    if _ACROSS_BLANK_LINES.search(markdown):
        return _parsed_blocks(markdown)
    blocks: list[Block] = []
    pending = ""  # Markdown parts not yet parsed, with the blank lines between them
    parts = _BLANK_LINES.split(markdown)
    for index in range(0, len(parts), 2):
        part = parts[index]
        if not part or _NOT_PLAIN.search(part):
            pending += part + (parts[index + 1] if index + 1 < len(parts) else "")
            continue
        if pending.strip():
            blocks.extend(_parsed_blocks(pending))
        pending = ""
        blocks.append(Paragraph([Run(" ".join(part.strip("\n").split("\n")))]))  # a lone break ends the text
    if pending.strip():
        blocks.extend(_parsed_blocks(pending))
    return blocks


def _parsed_blocks(markdown: str) -> list[Block]:
    tokens = _parser().parse(markdown)
    blocks: list[Block] = []
    lists: list[_OpenList] = []
    table: Table | None = None
    row: list[list[Run]] | None = None
    in_head = False

    def flush(open_list: _OpenList) -> None:
        if open_list.item is not None:
            open_list.block.items.append(_strip(open_list.item))
            open_list.item = None
        if open_list.block.items:
            blocks.append(open_list.block)
            open_list.next_number += len(open_list.block.items)
        open_list.block = ListBlock(open_list.ordered, [], open_list.next_number, open_list.level)

    def add_text(runs: list[Run], bold: bool = False) -> None:
        if table is not None and row is not None:
            row.append(_strip(runs))
            return
        if lists and lists[-1].item is not None:
            item = lists[-1].item
            if item:
                item.append(Run("\n"))
            item.extend(runs)
            return
        runs = _strip(runs)
        if runs:
            blocks.append(Paragraph(runs))

    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("paragraph_open", "heading_open"):
            inline = tokens[index + 1]
            add_text(_inline_runs(inline.children, bold=kind == "heading_open"))
            index += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            if lists:
                flush(lists[-1])
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 1
            ordered = kind == "ordered_list_open"
            level = len(lists)
            lists.append(_OpenList(ordered, level, start, ListBlock(ordered, [], start, level)))
        elif kind == "list_item_open":
            lists[-1].item = []
        elif kind == "list_item_close":
            current = lists[-1]
            if current.item is not None:
                current.block.items.append(_strip(current.item))
                current.item = None
        elif kind in ("bullet_list_close", "ordered_list_close"):
            flush(lists.pop())
        elif kind in ("fence", "code_block"):
            add_text([Run(token.content.rstrip("\n"))])
        elif kind == "table_open":
            if lists:
                flush(lists[-1])
            table = Table()
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if table is not None and row is not None:
                if in_head:
                    table.header = row
                else:
                    table.rows.append(row)
            row = None
        elif kind in ("th_open", "td_open"):
            inline = tokens[index + 1]
            if row is not None:
                row.append(_strip(_inline_runs(inline.children)))
            index += 3
            continue
        elif kind == "table_close":
            if table is not None:
                blocks.append(table)
            table = None
        index += 1
    return blocks


# --- Plain text -------------------------------------------------------------------------


def runs_text(runs: list[Run]) -> str:
    return "".join(run.text for run in runs)


def to_plain_text(markdown: str) -> str:
    """The Markdown as readable plain text: paragraphs separated by blank lines, lists
    as "- " / "1. " lines, tables as rows with cells separated by tabs."""
    parts: list[str] = []
    previous: Block | None = None
    for block in to_blocks(markdown):
        if isinstance(block, Paragraph):
            parts.append(runs_text(block.runs))
        elif isinstance(block, ListBlock):
            indent = "  " * block.level
            lines = [
                f"{indent}{f'{block.start + offset}.' if block.ordered else '-'} {runs_text(item)}"
                for offset, item in enumerate(block.items)
            ]
            if isinstance(previous, ListBlock) and (block.level or previous.level):
                parts[-1] += "\n" + "\n".join(lines)  # a nested list and its parent list
            else:
                parts.append("\n".join(lines))
        elif isinstance(block, Table):
            rows = ([block.header] if block.header else []) + block.rows
            parts.append("\n".join("\t".join(runs_text(cell) for cell in row) for row in rows))
        previous = block
    return "\n\n".join(part for part in parts if part)
