"""The public nomination form: what a citizen gets, and what the form refuses (OWASP ASVS:
CSRF token, server-side validation, honeypot, rate limit, uploads judged by content)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from services.awards.app import create_app
from services.awards.config import MAX_ATTACHMENT_BYTES, AwardsOptions
from services.awards.models import AwardRound, Nomination
from services.awards.tests.conftest import CRITERIA, VALID_CVR, ZONE, hidden_fields

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_path() -> str:
    return f"/virksomhedspris/lejre/{date.today().year}/indstil"


def filled(html: str, **changes) -> dict:
    """The form as a citizen fills it in: the page's hidden fields plus the answers."""
    fields = hidden_fields(html) | {
        "company_name": "Hvalsø Tømrer & Snedker ApS", "cvr": "34 17 58 29", "company_address": "Industrivej 12, 4330 Hvalsø",
        "reason_0": "Har ansat tre unge fra Lejre i år.", "reason_1": "", "reason_2": "To lærlinge.",
        "nominator_name": "Anne Holm", "nominator_email": "Anne.Holm@example.org", "nominator_phone": "20 30 40 50",
        "consent": "y", "website": "",
    }
    fields.update(changes)
    return {key: value for key, value in fields.items() if value is not None}


def stored(runtime) -> list[Nomination]:
    with runtime.uow() as uow:
        rows = list(uow.session.scalars(select(Nomination)))
        uow.session.expunge_all()  # readable after the unit of work ends
        return rows


def test_a_citizen_nominates_a_company_and_gets_a_receipt_with_a_reference_number(client, runtime, award_round):
    page = client.get(form_path())
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert all(criterion in html for criterion in CRITERIA) and "behandler vi dine oplysninger" in html

    response = client.post(form_path(), data=filled(html))

    assert response.status_code == 303
    receipt = client.get(response.headers["Location"])
    [nomination] = stored(runtime)
    assert nomination.reference in receipt.get_data(as_text=True)
    assert nomination.reference.startswith(f"VP{date.today().year}-")
    assert receipt.headers["Cache-Control"] == "private, no-store"
    assert (nomination.cvr, nomination.nominator_email) == (VALID_CVR, "anne.holm@example.org")
    assert nomination.reasons == ["Har ansat tre unge fra Lejre i år.", "", "To lærlinge."]
    assert "Lejre Kommune er dataansvarlig" in nomination.consent_text


def test_a_wrong_cvr_number_is_refused_in_danish_beside_the_field_and_the_rest_is_kept(client, runtime, award_round):
    html = client.get(form_path()).get_data(as_text=True)

    response = client.post(form_path(), data=filled(html, cvr="12345678"))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="cvr-error"' in page and "Det er ikke et gyldigt CVR-nummer" in page
    assert 'aria-invalid="true"' in page and '<a href="#cvr">' in page
    assert 'value="Hvalsø Tømrer &amp; Snedker ApS"' in page and "Har ansat tre unge fra Lejre i år." in page
    assert 'value="12345678"' in page
    assert stored(runtime) == []


def test_missing_answers_get_danish_messages(client, runtime, award_round):
    html = client.get(form_path()).get_data(as_text=True)

    response = client.post(form_path(), data=filled(html, company_name="", reason_0="", reason_2="", consent=None,
                                                    nominator_email="ikke-en-adresse"))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in ("Skriv virksomhedens navn.", "Skriv under mindst ét kriterium", "Du skal give samtykke",
                    "Skriv en gyldig e-mailadresse"):
        assert message in page
    assert stored(runtime) == []


def test_a_form_without_its_csrf_token_is_refused(client, runtime, award_round):
    html = client.get(form_path()).get_data(as_text=True)

    response = client.post(form_path(), data=filled(html, csrf_token=None))

    assert response.status_code == 400
    assert "sikkerhedstjek" in response.get_data(as_text=True)
    assert stored(runtime) == []


def test_a_filled_honeypot_stores_nothing(client, runtime, award_round):
    html = client.get(form_path()).get_data(as_text=True)

    response = client.post(form_path(), data=filled(html, website="http://spam.example"))

    assert response.status_code == 200 and "Tak" in response.get_data(as_text=True)
    assert stored(runtime) == []


def test_a_burst_over_the_rate_limit_gets_429(runtime, award_round):
    client = create_app(runtime, AwardsOptions(nomination_rate_limit="3 per minute")).test_client()
    html = client.get(form_path()).get_data(as_text=True)
    statuses = [client.post(form_path(), data=filled(html, cvr="1")).status_code for _ in range(4)]

    assert statuses == [422, 422, 422, 429]
    limited = client.post(form_path(), data=filled(html))
    assert limited.status_code == 429 and "Vent lidt" in limited.get_data(as_text=True)
    assert "Retry-After" in limited.headers
    assert client.get(form_path()).status_code == 200, "reading the form is not limited"
    assert stored(runtime) == []


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES, "stor.pdf", "Filen må højst fylde 10 MB."),
    (b"MZ\x90\x00 not a pdf at all", "brochure.pdf", "Filen skal være en af disse typer: PDF, PNG-billede, JPEG-billede."),
    (b"PK\x03\x04 a zip", "billede.jpg", "Filen skal være en af disse typer"),
])
def test_an_oversized_or_wrong_type_attachment_is_refused_in_danish(client, runtime, award_round, content, filename,
                                                                    message):
    html = client.get(form_path()).get_data(as_text=True)

    response = client.post(form_path(), data={**filled(html), "attachment": (BytesIO(content), filename)},
                           content_type="multipart/form-data")

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="attachment-error"' in page and message in page
    assert 'value="Anne.Holm@example.org"' in page
    assert stored(runtime) == []


def test_a_pdf_attachment_is_kept_with_its_type_found_by_content(client, runtime, award_round):
    html = client.get(form_path()).get_data(as_text=True)

    response = client.post(form_path(), data={**filled(html), "attachment": (BytesIO(PDF), "../../artikel.PDF")},
                           content_type="multipart/form-data")

    assert response.status_code == 303
    with runtime.uow() as uow:
        nomination = uow.session.scalar(select(Nomination))
        assert (nomination.attachment_name, nomination.attachment_type, nomination.attachment) == (
            "artikel.PDF", "application/pdf", PDF)


def test_the_same_form_sent_twice_is_stored_once(client, runtime, award_round):
    html = client.get(form_path()).get_data(as_text=True)
    data = filled(html)

    first = client.post(form_path(), data=data)
    again = client.post(form_path(), data=data)

    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert len(stored(runtime)) == 1


def test_two_forms_get_their_own_reference_numbers(client, runtime, award_round):
    for email in ("a@example.org", "b@example.org"):
        html = client.get(form_path()).get_data(as_text=True)
        assert client.post(form_path(), data=filled(html, nominator_email=email)).status_code == 303
    assert len({n.reference for n in stored(runtime)}) == 2


def _move_window(runtime, round_id, opens_at: datetime, closes_at: datetime) -> None:
    with runtime.uow() as uow:
        round_ = uow.session.get(AwardRound, round_id)
        round_.opens_at, round_.closes_at = opens_at, closes_at
        uow.commit()


def test_before_the_window_opens_a_friendly_page_says_when(client, runtime, award_round):
    start = datetime.combine(date.today() + timedelta(days=3), time(9, 0), tzinfo=ZONE)
    _move_window(runtime, award_round, start, start + timedelta(days=30))

    page = client.get(form_path())

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Formularen åbner" in text and "kl. 09:00" in text and 'name="cvr"' not in text


def test_after_the_window_closes_the_form_says_so_and_takes_nothing(client, runtime, award_round):
    html = client.get(form_path()).get_data(as_text=True)
    end = datetime.now(ZONE) - timedelta(minutes=1)
    _move_window(runtime, award_round, end - timedelta(days=30), end)

    assert "Fristen for at indstille en virksomhed var" in client.get(form_path()).get_data(as_text=True)
    late = client.post(form_path(), data=filled(html))
    assert late.status_code == 409 and "Fristen" in late.get_data(as_text=True)
    with runtime.uow() as uow:
        assert uow.session.scalar(select(func.count(Nomination.id))) == 0


def test_a_round_that_does_not_exist_is_a_danish_404(client, award_round):
    response = client.get("/virksomhedspris/lejre/1999/indstil")
    assert response.status_code == 404 and "ingen virksomhedspris for 1999" in response.get_data(as_text=True)
