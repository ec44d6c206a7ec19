"""The CVR number: 8 digits, modulus 11 with weights 2 7 6 5 4 3 2 1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.awards.domain.cvr import cvr_error, is_valid_cvr, normalise_cvr


@pytest.mark.parametrize("typed", ["34175829", "34 17 58 29", "DK34175829", "dk 34-17-58-29", " 34.17.58.29 "])
def test_a_valid_number_is_accepted_however_it_is_typed(typed):
    assert normalise_cvr(typed) == "34175829"
    assert cvr_error(typed) is None and is_valid_cvr(typed)


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Skriv virksomhedens CVR-nummer."),
    ("3417582", "Et CVR-nummer består af 8 cifre."),
    ("341758299", "Et CVR-nummer består af 8 cifre."),
    ("3417582X", "Et CVR-nummer består af 8 cifre."),
    ("３４１７５８２９", "Et CVR-nummer består af 8 cifre."),
    ("04175829", "Et CVR-nummer begynder ikke med 0."),
    ("34175828", "Det er ikke et gyldigt CVR-nummer: kontrolcifferet passer ikke. Tjek, at cifrene er skrevet rigtigt."),
    ("12345678", "Det er ikke et gyldigt CVR-nummer: kontrolcifferet passer ikke. Tjek, at cifrene er skrevet rigtigt."),
])
def test_an_invalid_number_gets_a_danish_reason(typed, message):
    assert cvr_error(typed) == message


def test_swapping_two_digits_is_caught_by_the_check():
    assert not is_valid_cvr("43175829")


def test_the_forms_example_passes_the_check():
    template = Path(__file__).parents[2] / "web/templates/awards/public/nominate.html"
    example = re.search(r"8 cifre, fx ([\d ]+)\.", template.read_text(encoding="utf-8")).group(1)
    assert is_valid_cvr(example), example
