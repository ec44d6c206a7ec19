"""The privacy statement a nominator consents to; stored with each nomination as shown."""

from __future__ import annotations


def consent_statement(municipality_name: str, months: int) -> str:
    """What the nominator consents to; stored with the nomination as it was shown."""
    return (
        f"{municipality_name} er dataansvarlig for de oplysninger, du giver her. Vi bruger dit navn, din e-mail "
        f"og dit telefonnummer til at kontakte dig om indstillingen, hvis udvalget eller sekretariatet har "
        f"spørgsmål. Dine kontaktoplysninger bliver aldrig offentliggjort og gives ikke videre til virksomheden "
        f"eller andre; udvalgets medlemmer læser din begrundelse, men ser ikke, hvem du er. Vi sletter dine "
        f"kontaktoplysninger og et eventuelt bilag {months} måneder efter, at runden er slut. Oplysningerne "
        f"behandles på grundlag af dit samtykke (databeskyttelsesforordningens artikel 6, stk. 1, litra a). Du "
        f"kan når som helst trække samtykket tilbage og bede om indsigt i, rettelse eller sletning af dine "
        f"oplysninger ved at skrive til kommunen."
    )
