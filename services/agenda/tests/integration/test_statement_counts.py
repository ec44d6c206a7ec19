"""No page, API list or feed of the agenda service sends more statements for a long
agenda or a busy year than for a short one: each is fetched for a municipality with 10
meetings, items and årshjul entries and for one with 100, and the statements are counted
(an N+1 shows as 90 more)."""

from __future__ import annotations

import time
import uuid
from types import SimpleNamespace
from unittest import mock

import pytest

from services.agenda.app import create_app
from services.agenda.calendar.operations import feeds
from services.agenda.tests.conftest import _migrate, runtime_for
from services.agenda.tests.integration.sized_world import (
    PASSWORD,
    YEAR,
    build_sized_world,
)
from tests.support import servers
from tests.support.pages import log_in
from tests.support.statements import Page, growth_report, statements_of_get

pytestmark = pytest.mark.integration

SIZES = (10, 100)



PAGES = [
    Page("portal: municipality", "anonymous", lambda w: f"/{w.slug}/"),
    Page("portal: committee's meetings", "anonymous", lambda w: f"/{w.slug}/udvalg/JA/?aar={YEAR}"),
    Page("portal: meeting with its agenda", "anonymous", lambda w: f"/{w.slug}/moeder/{w.meeting_id}"),
    Page("portal: meeting, member", "member", lambda w: f"/{w.slug}/moeder/{w.meeting_id}"),
    Page("member: start page", "member", lambda w: "/start"),
    Page("portal: attachment", "anonymous", lambda w: f"/bilag/{w.file_id}"),
    Page("årshjul page", "anonymous", lambda w: f"/aarshjul/{w.slug}/JA/{YEAR}"),
    Page("årshjul page, member", "member", lambda w: f"/aarshjul/{w.slug}/JA/{YEAR}"),
    Page("årshjul SVG", "anonymous", lambda w: f"/aarshjul/{w.slug}/JA/{YEAR}.svg"),
    Page("feed: municipality", "anonymous", lambda w: f"/calendar/{w.slug}.ics"),
    Page("feed: committee", "anonymous", lambda w: f"/calendar/{w.slug}/JA.ics"),
    Page("feed: committee, cached", "anonymous", lambda w: f"/calendar/{w.slug}/JA.ics?cached", warm=True),
    Page("feed: one meeting", "anonymous", lambda w: f"/calendar/meetings/{w.meeting_id}.ics"),
    Page("feed: member's private feed", "anonymous", lambda w: f"/calendar/private/{w.calendar_token}.ics"),
    Page("API: meetings", "anonymous", lambda w: f"/api/v1/meetings?municipality={w.slug}"),
    Page("API: meetings of the year", "anonymous", lambda w: f"/api/v1/meetings?committee={w.committee_id}&year={YEAR}"),
    Page("API: meeting, public", "anonymous", lambda w: f"/api/v1/meetings/{w.meeting_id}"),
    Page("API: meeting, member", "member", lambda w: f"/api/v1/meetings/{w.meeting_id}"),
    Page("API: meeting, secretary", "secretary", lambda w: f"/api/v1/meetings/{w.meeting_id}"),
    Page("API: committees", "anonymous", lambda w: f"/api/v1/municipalities/{w.slug}/committees"),
    Page("API: committee", "anonymous", lambda w: f"/api/v1/committees/{w.committee_id}"),
    Page("API: members", "secretary", lambda w: f"/api/v1/municipalities/{w.slug}/members"),
    Page("API: calendar links", "secretary", lambda w: f"/api/v1/municipalities/{w.slug}/calendar-tokens"),
    Page("API: årshjul", "anonymous", lambda w: f"/api/v1/committees/{w.committee_id}/aarshjul/{YEAR}"),
    Page("API: årshjul, secretary", "secretary", lambda w: f"/api/v1/committees/{w.committee_id}/aarshjul/{YEAR}"),
    Page("secretariat: meetings", "secretary", lambda w: f"/sekretariat/?udvalg={w.committee_id}&aar={YEAR}"),
    Page("secretariat: meeting", "secretary", lambda w: f"/sekretariat/moeder/{w.meeting_id}"),
    Page("secretariat: preview", "secretary", lambda w: f"/sekretariat/moeder/{w.meeting_id}/forhaandsvisning"),
    Page("secretariat: meeting's history", "secretary", lambda w: f"/sekretariat/moeder/{w.meeting_id}/historik"),
    Page("secretariat: cancel meeting", "secretary", lambda w: f"/sekretariat/moeder/{w.meeting_ids[1]}/aflys"),
    Page("secretariat: remove item", "secretary",
         lambda w: f"/sekretariat/moeder/{w.meeting_id}/punkter/{w.item_ids[1]}/fjern"),
    Page("secretariat: item", "secretary", lambda w: f"/sekretariat/punkter/{w.item_ids[0]}?moede={w.meeting_id}"),
    Page("secretariat: new meeting", "secretary", lambda w: f"/sekretariat/udvalg/{w.committee_id}/nyt-moede"),
    Page("secretariat: årshjul", "secretary", lambda w: f"/sekretariat/aarshjul/{w.committee_id}/{YEAR}"),
    Page("secretariat: årshjul entry", "secretary", lambda w: f"/sekretariat/aarshjul/punkter/{w.entry_id}"),
    Page("secretariat: dialogue theme", "secretary", lambda w: f"/sekretariat/aarshjul/{w.committee_id}/{YEAR}/dialogtemaer/3"),
    Page("secretariat: roll the year over", "secretary", lambda w: f"/sekretariat/aarshjul/{w.committee_id}/{YEAR}/rul-frem"),
    Page("secretariat: calendar links", "secretary", lambda w: "/sekretariat/kalenderlinks"),
    Page("secretariat: house style", "secretary", lambda w: "/sekretariat/husstil/"),
    Page("member: own calendar", "member", lambda w: "/mig/kalender"),
]


class Sized:
    """Both municipalities in one database, an app, and a logged-in browser per role."""

    def __init__(self, url: str) -> None:
        self.runtime = runtime_for(url)
        self.worlds = {size: build_sized_world(self.runtime, size) for size in SIZES}
        app = create_app(self.runtime)
        self.clients = {}
        for size, world in self.worlds.items():
            secretary, member = app.test_client(), app.test_client()
            log_in(secretary, world.secretary_email, PASSWORD)
            log_in(member, world.member_email, PASSWORD)
            self.clients[size] = {"anonymous": app.test_client(), "secretary": secretary, "member": member}

    def statements(self, page: Page, size: int) -> list[str]:
        client = self.clients[size][page.who]
        path = page.path(self.worlds[size])
        if not page.warm:
            return statements_of_get(self.runtime.engine, client, path, (page.name, size))
        # The second fetch comes within the cache's revalidation window however slow the
        # machine is: the clock stands still between the two.
        now = time.monotonic()
        with mock.patch.object(feeds, "clock", SimpleNamespace(monotonic=lambda: now)):
            statements_of_get(self.runtime.engine, client, path, (page.name, size))
            return statements_of_get(self.runtime.engine, client, path, (page.name, size))


@pytest.fixture(scope="module")
def sized(pg_template):
    name = f"udvalg_test_{servers.RUN_ID}_sized_{uuid.uuid4().hex[:6]}"
    world = Sized(servers.create_database(name, pg_template("agenda", _migrate)))
    yield world
    world.runtime.dispose()
    servers.drop_database(name)


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_page_sends_as_many_statements_for_100_items_as_for_10(sized, page):
    small, large = (sized.statements(page, size) for size in SIZES)
    assert len(small) == len(large), growth_report(small, large)
