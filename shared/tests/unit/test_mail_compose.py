"""A letter as the message mail servers and clients receive."""

from __future__ import annotations

import email
from email import policy

import pytest

from shared.mail.compose import Invitation, Letter, as_bytes, compose, parse_sender

ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//DA\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
       "UID:abc@udvalg\r\nSUMMARY:Møde i udvalget\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def _letter(**overrides) -> Letter:
    values: dict = {"to": "anne@kommune.dk", "to_name": "Anne Ærø", "subject": "Dagsorden til mødet 8. januar: Møde",
                  "text": "Hej Anne\n\nDagsordenen er offentliggjort.\n", "html": "<p>Hej Anne</p>",
                  "from_name": "Lejre Kommune"}
    values.update(overrides)
    return Letter(**values)


def _parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def test_message_is_seven_bit_with_danish_text_intact():
    raw = as_bytes(compose(_letter(), parse_sender("Udvalg <udvalg@kommune.dk>")))
    assert all(byte < 128 for byte in raw)
    message = _parsed(raw)
    assert message["Subject"] == "Dagsorden til mødet 8. januar: Møde"
    assert message["From"].addresses[0].display_name == "Lejre Kommune"
    assert message["From"].addresses[0].addr_spec == "udvalg@kommune.dk"
    assert message["To"].addresses[0].display_name == "Anne Ærø"
    assert message["Message-ID"].endswith("@kommune.dk>")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    plain, html = (part.get_content() for part in message.iter_parts())
    assert "Dagsordenen er offentliggjort." in plain
    assert html.strip() == "<p>Hej Anne</p>"


def test_line_breaks_typed_into_a_name_or_title_become_spaces_in_the_headers():
    letter = _letter(to_name="Anne\r\nÆrø", subject="Kvittering:\rHvalsø\nTømrer", from_name="Lejre\nKommune")

    message = _parsed(as_bytes(compose(letter, parse_sender("Udvalg <udvalg@kommune.dk>"))))

    assert message["To"].addresses[0].display_name == "Anne Ærø"
    assert message["Subject"] == "Kvittering: Hvalsø Tømrer"
    assert message["From"].addresses[0].display_name == "Lejre Kommune"


def test_unsubscribe_link_is_offered_for_one_click_and_never_encoded():
    url = "https://udvalg.roskilde-kommune.example.dk/agenda/afmeld/BFU31MQr08-uSkiXwJ91inVMg0x_lc8H6I0ZgGFCcus"
    raw = as_bytes(compose(_letter(unsubscribe_url=url), parse_sender("udvalg@kommune.dk")))
    assert f"\r\nList-Unsubscribe: <{url}>\r\n".encode() in raw
    message = _parsed(raw)
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_invitation_is_a_calendar_alternative_with_its_method_and_an_ics_file():
    message = _parsed(as_bytes(compose(_letter(invitation=Invitation(ICS, "REQUEST")),
                                       parse_sender("udvalg@kommune.dk"))))
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    types = [part.get_content_type() for part in alternative.iter_parts()]
    assert types == ["text/plain", "text/html", "text/calendar"]
    calendar = list(alternative.iter_parts())[2]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content().replace("\r\n", "\n") == ICS.decode().replace("\r\n", "\n")
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == ICS


def test_only_itip_methods_udvalg_sends_are_accepted():
    with pytest.raises(ValueError):
        Invitation(ICS, "PUBLISH")
