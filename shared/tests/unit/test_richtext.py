"""shared.richtext: the one Markdown handling (pages, Word documents, plain text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from shared import richtext
from shared.richtext import ListBlock, Paragraph, Run, Table, to_blocks, to_html, to_plain_text

SECTION = """Udvalget besluttede på møde 31. januar 2018 at nedsætte et **Beskæftigelsesforum**.

- Beskæftigelsesplan 2020
- Ny forenklet *beskæftigelsesplan*

1. at form og indhold drøftes
2. at møderne fastsættes

| Post | Beløb |
| --- | --- |
| Kunstværk af lokal kunstner | 5.000 kr. |
| **I alt** | **20.000 kr.** |
"""


# --- to_html ---


def test_html_is_markup_so_templates_do_not_escape_it_again():
    assert isinstance(to_html("Tekst"), Markup)


def test_paragraphs_bold_and_italic_become_html():
    html = to_html("Første **fed** og *kursiv*\n\nAnden")
    assert "<p>Første <strong>fed</strong> og <em>kursiv</em></p>" in html
    assert "<p>Anden</p>" in html


def test_bullet_and_numbered_lists_become_html_lists():
    html = to_html(SECTION)
    assert "<ul>\n<li>Beskæftigelsesplan 2020</li>" in html
    assert "<ol>\n<li>at form og indhold drøftes</li>" in html


def test_pipe_table_becomes_html_table_with_header():
    html = to_html(SECTION)
    assert "<table>" in html and "<th>Post</th>" in html and "<td>5.000 kr.</td>" in html


def test_raw_html_is_escaped_not_rendered():
    html = to_html('<script>alert("x")</script>\n\nTekst med <b onclick="x()">tag</b>')
    assert "<script>" not in html and "<b " not in html
    assert "&lt;script&gt;" in html and "&lt;b onclick=" in html


def test_javascript_and_data_links_are_not_links():
    html = to_html("[klik](javascript:alert(1)) [data](data:text/html;base64,xx) <javascript:alert(1)>")
    assert "href" not in html


def test_relative_and_file_links_are_not_links():
    assert "href" not in to_html("[a](/admin) [b](file:///etc/passwd) [c](ftp://x.dk)")


def test_http_https_and_mailto_links_are_kept():
    html = to_html("[kommune](https://www.lejre.dk) [gammel](http://lejre.dk) [skriv](mailto:post@lejre.dk)")
    assert 'href="https://www.lejre.dk"' in html
    assert 'href="http://lejre.dk"' in html
    assert 'href="mailto:post@lejre.dk"' in html


def test_images_show_their_alt_text_not_a_remote_image():
    html = to_html("![Kort over Hvalsø](https://tracker.example/pixel.png)")
    assert "<img" not in html and "Kort over Hvalsø" in html


def test_empty_markdown_gives_empty_html():
    assert to_html("") == "" and to_html("   \n") == ""


# --- to_blocks ---


def test_blocks_keep_paragraph_runs_with_bold_and_italic():
    blocks = to_blocks("Første **fed** og *kursiv*.")
    assert blocks == [Paragraph([Run("Første "), Run("fed", bold=True), Run(" og "), Run("kursiv", italic=True),
                                 Run(".")])]


def test_blocks_of_a_case_section_are_paragraph_lists_and_table_in_order():
    blocks = to_blocks(SECTION)
    assert [type(b) for b in blocks] == [Paragraph, ListBlock, ListBlock, Table]
    bullets, numbered = blocks[1], blocks[2]
    assert not bullets.ordered and numbered.ordered and numbered.start == 1
    assert bullets.items[1] == [Run("Ny forenklet "), Run("beskæftigelsesplan", italic=True)]
    assert [item[0].text for item in numbered.items] == ["at form og indhold drøftes", "at møderne fastsættes"]


def test_table_block_has_header_and_rows_of_cells():
    table = to_blocks(SECTION)[-1]
    assert table.header == [[Run("Post")], [Run("Beløb")]]
    assert table.rows[0] == [[Run("Kunstværk af lokal kunstner")], [Run("5.000 kr.")]]
    assert table.rows[1] == [[Run("I alt", bold=True)], [Run("20.000 kr.", bold=True)]]


def test_numbered_list_keeps_its_first_number():
    assert to_blocks("3. tre\n4. fire")[0].start == 3


def test_nested_list_follows_its_parent_item_and_the_parent_continues_numbering():
    blocks = to_blocks("1. en\n   - a\n   - b\n2. to")
    assert [(b.ordered, b.level, b.start, len(b.items)) for b in blocks] == [
        (True, 0, 1, 1), (False, 1, 1, 2), (True, 0, 2, 1)]


def test_soft_line_break_is_a_space_and_hard_break_a_newline():
    assert to_blocks("en\nto") == [Paragraph([Run("en to")])]
    assert to_blocks("en  \nto") == [Paragraph([Run("en\nto")])]


def test_heading_becomes_a_bold_paragraph():
    assert to_blocks("## Baggrund") == [Paragraph([Run("Baggrund", bold=True)])]


def test_raw_html_stays_literal_text_in_blocks():
    assert to_blocks("<b>fed</b>") == [Paragraph([Run("<b>fed</b>")])]


def test_link_keeps_its_text_in_blocks():
    assert to_blocks("Se [Lejre](https://lejre.dk).") == [Paragraph([Run("Se Lejre.")])]


def test_empty_markdown_gives_no_blocks():
    assert to_blocks("") == [] and to_blocks("\n\n") == []



PLAIN_CASE_TEXT = """Udvalget for Job & Arbejdsmarked besluttede den 8. januar 2020 at nedsætte et
forum (jf. § 4) med 5-7 deltagere; budgettet er 20.000 kr. + moms?

Administrationen vurderer, at "dialogen" styrker det fælles engagement – også i 2021.


Ingen"""


def test_plain_paragraphs_are_made_without_the_parser(monkeypatch):
    def parser_called(markdown):
        raise AssertionError(f"parsed: {markdown!r}")

    monkeypatch.setattr(richtext, "_parsed_blocks", parser_called)
    assert to_blocks(PLAIN_CASE_TEXT) == [
        Paragraph([Run("Udvalget for Job & Arbejdsmarked besluttede den 8. januar 2020 at nedsætte et "
                       "forum (jf. § 4) med 5-7 deltagere; budgettet er 20.000 kr. + moms?")]),
        Paragraph([Run('Administrationen vurderer, at "dialogen" styrker det fælles engagement – også i 2021.')]),
        Paragraph([Run("Ingen")]),
    ]


@pytest.mark.parametrize("markdown", [SECTION, f"{PLAIN_CASE_TEXT}\n\n{SECTION}\n\n{PLAIN_CASE_TEXT}",
                                      "Tekst\n\n    kode\n\n\n    mere kode\n\nTekst", "1. a\n\nTekst\n\n2. b",
                                      "- a\n\n  b\n\nTekst\n\n  c", "Titel\n\n===", "```\nkode\n\nTekst\n```",
                                      "[a]\n\nTekst\n\n[a]: https://lejre.dk", "Tekst  \nmere", "&amp; tekst",
                                      "Tekst\n", "\nTekst\n\nmere"])
def test_blocks_are_what_the_parser_makes_of_the_whole_text(markdown):
    assert to_blocks(markdown) == richtext._parsed_blocks(markdown)


# Pieces of text and of Markdown, joined at random into lines and parts.
MARKDOWNISH = st.lists(st.sampled_from([*"aæ1.-*_|#>=~`[]():&;+\\\t\r ", "\n", "\n\n", "    ", "1. ", "- ", "Tekst",
                                        "| a |", "| --- |", "**", "&amp;", "\u00a0"]), max_size=24).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWNISH, max_size=6).map("\n\n".join))
def test_any_text_gives_the_blocks_the_parser_gives(markdown):
    assert to_blocks(markdown) == richtext._parsed_blocks(markdown)

# --- to_plain_text ---


def test_plain_text_drops_markup_and_keeps_structure():
    text = to_plain_text(SECTION)
    assert text.splitlines()[0] == "Udvalget besluttede på møde 31. januar 2018 at nedsætte et Beskæftigelsesforum."
    assert "- Beskæftigelsesplan 2020\n- Ny forenklet beskæftigelsesplan" in text
    assert "1. at form og indhold drøftes\n2. at møderne fastsættes" in text
    assert "Kunstværk af lokal kunstner\t5.000 kr." in text
    assert "**" not in text and "|" not in text


def test_plain_text_shows_nested_list_indented_under_its_parent():
    assert to_plain_text("- a\n  - b\n- c") == "- a\n  - b\n- c"
