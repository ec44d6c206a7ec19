"""The member's choice of mails, the link in every mail that stops them all, and the
secretariat's view of mail the server refused."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import insert, select

from services.agenda.app import create_app
from services.agenda.models import Member
from services.agenda.notices.links import NoticeLinks
from services.agenda.notices.models import NoticePreference, UnsubscribeLink, mail_tables
from services.agenda.notices.unsubscribe import new_link
from services.agenda.operations.accounts import ensure_user
from services.agenda.tests.conftest import PASSWORD
from services.agenda.tests.integration.notices_support import (
    committee_with_members,
    deliver_own_events,
    mails,
    published_meeting,
    text_of,
)
from shared.db.types import utcnow
from tests.support.pages import csrf_token, log_in, post_form

pytestmark = pytest.mark.integration


@pytest.fixture
def committee(client, accounts):
    return committee_with_members(client, accounts)


def _anne(committee) -> uuid.UUID:
    return uuid.UUID(committee.members["Anne Andersen"])


def _link_in_mail(runtime) -> str:
    body = text_of(next(message for to, message in mails(runtime) if to == "anne@roskilde.dk"))
    found = re.search(r"/agenda(/afmeld/[A-Za-z0-9_-]+)", body)
    assert found, body
    return found.group(1)


def _preference(runtime, member_id) -> NoticePreference | None:
    with runtime.uow() as uow:
        found = uow.session.get(NoticePreference, member_id)
        if found is not None:
            uow.session.expunge(found)
        return found


def test_the_link_in_a_mail_stops_every_mail_after_a_confirming_click(runtime, client, committee):
    published_meeting(client, committee)
    deliver_own_events(runtime)
    path = _link_in_mail(runtime)

    page = client.get(path)
    assert page.status_code == 200 and "Anne Andersen, vil du stoppe alle e-mails" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert _preference(runtime, _anne(committee)) is None, "looking at the page changes nothing"

    done = client.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert done.status_code == 200 and "vi har\n  stoppet alle e-mails" in done.get_data(as_text=True)
    assert _preference(runtime, _anne(committee)).stopped_at is not None

    client.post(f"/api/v1/meetings/{published_meeting(client, committee, date='2030-04-10')['id']}/publish",
                headers=committee.headers)
    deliver_own_events(runtime)
    assert {to for to, _ in mails(runtime)} - {"bo@roskilde.dk"} == {"anne@roskilde.dk"}
    assert sum(to == "anne@roskilde.dk" for to, _ in mails(runtime)) == 2, "nothing new for Anne"


def test_a_mail_client_stops_the_mails_with_one_click(runtime, client, committee):
    published_meeting(client, committee)
    deliver_own_events(runtime)

    # RFC 8058: the mail client posts this body, with no cookie and no form token.
    response = client.post(_link_in_mail(runtime), data={"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert _preference(runtime, _anne(committee)).stopped_at is not None


def test_an_altered_link_gets_a_danish_answer_and_changes_nothing(runtime, client, committee):
    published_meeting(client, committee)
    deliver_own_events(runtime)
    path = _link_in_mail(runtime)
    altered = path[:-1] + ("A" if path[-1] != "A" else "B")

    for response in (client.get(altered), client.post(altered), client.post("/afmeld/kort")):
        assert response.status_code == 404
        assert "Linket er ikke gyldigt" in response.get_data(as_text=True)
        assert "Der er ikke ændret noget" in response.get_data(as_text=True)
    assert _preference(runtime, _anne(committee)) is None


def test_an_expired_link_gets_a_danish_answer_and_changes_nothing(runtime, client, committee):
    with runtime.uow() as uow:
        token = new_link(uow.session, _anne(committee), now=utcnow() - timedelta(days=181))
        uow.commit()

    for response in (client.get(f"/afmeld/{token}"), client.post(f"/afmeld/{token}")):
        assert response.status_code == 410
        assert "Linket er udløbet" in response.get_data(as_text=True)
    assert _preference(runtime, _anne(committee)) is None
    with runtime.uow() as uow:
        assert uow.session.scalar(select(UnsubscribeLink.used_at)) is None


def test_only_a_digest_of_the_link_is_stored(runtime, client, committee):
    published_meeting(client, committee)
    deliver_own_events(runtime)
    token = _link_in_mail(runtime).rsplit("/", 1)[1]

    with runtime.uow() as uow:
        digests = uow.session.scalars(select(UnsubscribeLink.token_digest)).all()
    assert token not in digests and len(token) == 43


def _member_login(runtime, client, committee) -> None:
    with runtime.uow() as uow:
        member = uow.session.get(Member, _anne(committee))
        ensure_user(uow.session, email="anne.login@roskilde.dk", name="Anne Andersen", password=PASSWORD,
                    role="member", municipality_id=member.municipality_id, member_id=member.id)
        uow.commit()
    log_in(client, "anne.login@roskilde.dk", PASSWORD)


def test_a_member_chooses_the_mails_on_their_own_page(runtime, client, committee):
    _member_login(runtime, client, committee)
    page = client.get("/mig/beskeder").get_data(as_text=True)
    assert "Vi sender e-mails til <strong>anne@roskilde.dk</strong>" in page

    saved = post_form(client, "/mig/beskeder", data={"receive": "y", "meetings": "y", "minutes": "y"})
    assert saved.status_code == 303

    preference = _preference(runtime, _anne(committee))
    assert (preference.agenda, preference.meetings, preference.minutes, preference.signatures,
            preference.invitations, preference.stopped_at) == (False, True, True, False, False, None)
    published_meeting(client, committee)
    deliver_own_events(runtime)
    assert sorted(kind for kind in ("agenda_published", "meeting_scheduled")
                  if any(to == "anne@roskilde.dk" for to, _ in mails(runtime, kind))) == ["meeting_scheduled"]


def test_a_member_who_stopped_all_mails_turns_them_on_again(runtime, client, committee):
    with runtime.uow() as uow:
        uow.session.add(NoticePreference(member_id=_anne(committee), stopped_at=utcnow()))
        uow.commit()
    _member_login(runtime, client, committee)
    assert "Du har stoppet alle e-mails fra Udvalg" in client.get("/mig/beskeder").get_data(as_text=True)

    post_form(client, "/mig/beskeder", data={"receive": "y", "agenda": "y"})

    assert _preference(runtime, _anne(committee)).stopped_at is None


def test_the_secretariat_sees_mail_the_server_refused_and_the_member_sees_it_too(runtime, client, committee):
    with runtime.uow() as uow:
        member = uow.session.get(Member, _anne(committee))
        uow.session.execute(insert(mail_tables.outbox).values(
            key="x:1", kind="agenda_published", recipient="anne@roskilde.dk", subject="Dagsorden: JA",
            message=b"", scope=str(member.municipality_id), reference=str(member.id), created_at=utcnow(),
            next_attempt_at=utcnow(), attempts=1, rejected_at=utcnow(),
            last_error="Mailserveren afviste adressen anne@roskilde.dk: 550 5.1.1 Mailbox unavailable"))
        uow.commit()

    log_in(client, "sekretaer@roskilde.dk", PASSWORD)
    page = client.get("/sekretariat/e-mails").get_data(as_text=True)
    assert "Anne Andersen" in page and "550 5.1.1 Mailbox unavailable" in page

    member_client = client.application.test_client()
    _member_login(runtime, member_client, committee)
    mine = member_client.get("/mig/beskeder").get_data(as_text=True)
    assert "Vores seneste e-mail til anne@roskilde.dk kunne ikke afleveres" in mine


def test_links_in_mails_lead_to_the_pages(app_urls):
    links = NoticeLinks("https://udvalg.example.dk")
    meeting_id = uuid.uuid4()
    assert links.meeting("lejre", meeting_id) == app_urls("portal.meeting_page", slug="lejre", meeting_id=meeting_id)
    assert links.settings() == app_urls("notices.settings_page")
    assert links.unsubscribe("abc") == app_urls("notices.unsubscribe_page", token="abc")


@pytest.fixture
def app_urls(runtime):
    app = create_app(runtime)

    def url(endpoint: str, **values) -> str:
        with app.test_request_context("/", base_url="https://udvalg.example.dk/agenda"):
            return url_for(endpoint, _external=True, **values)

    return url
