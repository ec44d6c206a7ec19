"""Control characters through the agenda API on PostgreSQL (which cannot store a NUL):
arbitrary text in an item is stored as sent or refused with a Danish field error in
problem+json, never a 500; a NUL in an address is a 404 or a 400, not a failed query."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.agenda.tests.conftest import Accounts
from shared.control_characters import MESSAGE, has_forbidden_characters
from tests.integration.test_bad_input import agenda  # noqa: F401 - the fixture

pytestmark = pytest.mark.integration

CONTROL_HEAVY = st.text(alphabet=st.sampled_from("aæ \t\n\r\x00\x01\x0b\x1f\x7f\ufffe"), min_size=1, max_size=12)
TEXTS = st.one_of(st.text(min_size=1, max_size=80), CONTROL_HEAVY)


@pytest.fixture
def meeting_and_admin(agenda):  # noqa: F811
    runtime, client = agenda
    admin = Accounts(runtime, client).admin()
    meeting = next(m for m in client.get("/api/v1/meetings", headers=admin).json if m["date"] == "2020-04-15")
    return client, admin, meeting["id"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXTS, section=TEXTS)
def test_any_text_in_an_item_is_stored_as_sent_or_refused_in_danish(meeting_and_admin, title, section):
    client, admin, meeting_id = meeting_and_admin
    response = client.post(f"/api/v1/meetings/{meeting_id}/items", headers=admin,
                           json={"title": title, "sections": {"resume": section}})
    assert response.status_code in (201, 422), (response.status_code, response.json)
    if has_forbidden_characters(title) or has_forbidden_characters(section):
        assert response.status_code == 422 and response.content_type == "application/problem+json"
        errors = response.json["errors"]["json"]
        assert (errors.get("title") == [MESSAGE]) == has_forbidden_characters(title)
        assert (errors.get("sections") == {"resume": [MESSAGE]}) == has_forbidden_characters(section)
    elif response.status_code == 201:
        assert title.strip() in [item["title"] for item in response.json["items"]]


@pytest.mark.parametrize(("path", "status"), [
    ("/api/v1/municipalities/lej%00re", 404),
    ("/api/v1/municipalities/lejre/committees?x=%00", 400),
    ("/api/v1/meetings?municipality=lej%00re", 400),
    ("/lej%00re/", 404),
    ("/sekretariat/kalenderlinks?kommune=%00", 400),
])
def test_a_nul_in_an_address_is_refused_before_any_query(agenda, path, status):  # noqa: F811
    _, client = agenda
    response = client.get(path)
    assert response.status_code == status
