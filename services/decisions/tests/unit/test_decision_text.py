"""The decision a page saves is the one it shows: a standard text or the secretary's own."""

from __future__ import annotations

import pytest

from services.decisions.domain.decision_text import decision_text, quick_choice_for
from shared.errors import Invalid


def test_own_text_is_the_decision():
    assert decision_text("", "  Udsat til næste møde. ") == "Udsat til næste møde."


def test_a_standard_text_fills_an_empty_field():
    assert decision_text("Godkendt", "") == "Godkendt"


def test_another_standard_text_replaces_the_saved_one_left_in_the_field():
    assert decision_text("Drøftet", "Godkendt", saved="Godkendt") == "Drøftet"


def test_a_standard_text_replaces_saved_own_words_left_unchanged_in_the_field():
    assert decision_text("Taget til efterretning", "Udsat.", saved="Udsat.") == "Taget til efterretning"


def test_a_standard_text_chosen_over_newly_typed_words_is_refused_not_guessed():
    with pytest.raises(Invalid) as refused:
        decision_text("Godkendt", "Godkendt med den bemærkning, at ...", saved="")
    assert "Egen tekst" in refused.value.errors["text"][0]


def test_an_unknown_standard_text_is_refused():
    with pytest.raises(Invalid) as refused:
        decision_text("Vedtaget ved akklamation", "")
    assert set(refused.value.errors) == {"quick"}


def test_the_page_opens_with_the_choice_that_matches_the_saved_decision():
    assert quick_choice_for("Drøftet") == "Drøftet"
    assert quick_choice_for("Udsat til næste møde.") == ""
