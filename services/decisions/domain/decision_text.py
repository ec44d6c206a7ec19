"""What a decision says, from the page's two ways of writing it: a standard text chosen
from a short list (Godkendt, Drøftet, ...) or the secretary's own words."""

from __future__ import annotations

from shared.errors import Invalid

QUICK_DECISIONS = ("Godkendt", "Taget til efterretning", "Indstillingen tiltrådt", "Drøftet")


def quick_choice_for(text: str, choices: tuple[str, ...] = QUICK_DECISIONS) -> str:
    """The standard text a saved decision is, or "" ("Egen tekst") when it is the
    secretary's own: the page opens with the choice that matches what is saved."""
    text = (text or "").strip()
    return text if text in choices else ""


def decision_text(quick: str, typed: str, saved: str = "", choices: tuple[str, ...] = QUICK_DECISIONS) -> str:
    """The decision as the page shows it when saved.

    "Egen tekst" (no standard text chosen): the text field is the decision. A standard
    text: it is the decision when the field is empty, still holds the saved decision,
    or holds another standard text (the secretary picked a new choice and left the old
    words in the field). A standard text chosen over words typed anew is ambiguous, so it
    is refused with a message instead of silently keeping one of them.
    """
    quick, typed, saved = (quick or "").strip(), (typed or "").strip(), (saved or "").strip()
    if not quick:
        return typed
    if quick not in choices:
        raise Invalid("Beslutningen er ikke udfyldt korrekt.", {"quick": ["Vælg en af standardteksterne."]})
    if not typed or typed == saved or typed in choices:
        return quick
    conflict = (f"Du har valgt standardteksten »{quick}« og skrevet en anden tekst i feltet. Vælg »Egen tekst« for "
                f"at gemme din tekst, eller slet teksten for at bruge standardteksten.")
    raise Invalid("Beslutningen er ikke udfyldt korrekt.", {"text": [conflict]})
