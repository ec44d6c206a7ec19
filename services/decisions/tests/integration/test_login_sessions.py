"""The decisions pages honour a login session only while the agenda service's account
events say it holds: logout, deactivation and a role change end it on the next request."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.decisions.app import create_app
from shared.auth import Principal
from shared.tests.sessions import announce_account, log_in

pytestmark = pytest.mark.integration


@pytest.fixture
def page(agenda):
    agenda.municipality()
    committee = agenda.committee()
    meeting = agenda.meeting(committee, day=date(2020, 1, 8))
    agenda.publish(meeting, [agenda.item(1, "Godkendelse af dagsorden")])
    return f"/sekretariat/moeder/{meeting['id']}"


@pytest.fixture
def secretary(agenda):
    return Principal(role="secretary", user_id=uuid.uuid4(), municipality_id=agenda.municipality_id, name="Sekretær")


@pytest.fixture
def browser(runtime, secretary):
    client = create_app(runtime).test_client()
    log_in(runtime, client, secretary)
    return client


def test_a_current_session_reaches_the_minutes(browser, page):
    assert browser.get(page).status_code == 200


def test_a_raised_session_generation_ends_the_session(runtime, browser, page, secretary):
    announce_account(runtime, secretary, generation=1)

    assert browser.get(page).status_code == 403
    with browser.session_transaction() as stored:
        assert "account" not in stored


def test_a_deactivated_account_is_refused(runtime, browser, page, secretary):
    announce_account(runtime, secretary, active=False)

    assert browser.get(page).status_code == 403


def test_an_older_event_arriving_late_does_not_revive_an_ended_session(runtime, browser, page, secretary):
    now = datetime.now(UTC)
    announce_account(runtime, secretary, generation=1, updated_at=now)
    announce_account(runtime, secretary, generation=0, updated_at=now - timedelta(seconds=5))

    assert browser.get(page).status_code == 403


def test_a_session_newer_than_the_copy_waits_for_the_event_and_keeps_its_cookie(runtime, page, secretary):
    client = create_app(runtime).test_client()
    log_in(runtime, client, secretary)
    with client.session_transaction() as stored:
        stored["account"] = {**stored["account"], "generation": 1}

    assert client.get(page).status_code == 403
    with client.session_transaction() as stored:
        assert stored["account"]["generation"] == 1
    announce_account(runtime, secretary, generation=1)
    assert client.get(page).status_code == 200


def test_the_role_comes_from_the_account_not_the_cookie(runtime, browser, page, secretary):
    announce_account(runtime, Principal(role="member", user_id=secretary.user_id, municipality_id=secretary.municipality_id,
                                        member_id=uuid.uuid4()), generation=0)

    assert browser.get(page).status_code == 404
