"""Every route of every service, for every role, against the embedded system with the demo.

The routes come from the three services' URL maps, so a route added tomorrow fails this
test until ACCESS (below) says who may use it. Each route is called by six roles:
anonymous, a member of the committee (JA), a member of another committee (BU), the
municipality's secretary, a secretary of another municipality and the platform
administrator, with the demo's ids in its path. Pages are called with the login
session, the API with the role's token.

What a role gets is judged by outcome, not by exact status:
  refused  401, 403, 404, or a redirect to the login page: the role reached nothing;
  reached  any other answer (a page, a 2xx, or 400/409/422 for the content sent).
A role ACCESS does not allow must be refused; a role it allows must reach the route.
Writes are sent once per role after all reads, roles ACCESS refuses first; a write that
removed or consumed the row may leave a later allowed role a 404.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

import pytest
from werkzeug.test import Client

from services.agenda.models import Member, Municipality
from services.agenda.operations.accounts import ensure_user
from tests.support.pages import csrf_token
from tests.support.system import DEMO_PASSWORD, embedded_system, log_in, wait_until_delivered

ANONYMOUS, MEMBER, OTHER_MEMBER, SECRETARY, OTHER_SECRETARY, ADMIN = ROLES = (
    "anonymous", "member of the committee", "member of another committee", "secretary",
    "secretary of another municipality", "administrator")

# Who may use a route (the roles not named are refused).
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {ANONYMOUS}
MUNICIPALITY = frozenset({MEMBER, OTHER_MEMBER, SECRETARY, ADMIN})
COMMITTEE = frozenset({MEMBER, SECRETARY, ADMIN})
MANAGERS = frozenset({SECRETARY, ADMIN})
SECRETARIES = frozenset({SECRETARY})
MEMBERS = frozenset({MEMBER, OTHER_MEMBER})
ADMINS = frozenset({ADMIN})
NOBODY: frozenset[str] = frozenset()

ACCESS: dict[tuple[str, str, str], frozenset[str]] = {
}


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with embedded_system(tmp_path_factory.mktemp("var")) as running:
        wait_until_delivered(running)
        yield running


def _routes(system) -> list[tuple[str, str, str]]:
    found = []
    for prefix, app in system.wsgi_app.mounts.items():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.endswith("static"):
                continue
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((prefix.strip("/"), method, rule.rule))
    return found


def test_every_route_has_an_entry():
    from embedded.system import SERVICES  # noqa: F401 - the services the system mounts

    missing = [route for route in _routes(_system_for_listing()) if route not in ACCESS]
    assert not missing, "routes without an entry in ACCESS in tests/integration/test_route_roles.py; add:\n" + \
        "\n".join(f'    ("{service}", "{method}", "{path}"): <who may use it>,' for service, method, path in missing)


_LISTED: list = []


def _system_for_listing():
    """The three apps' URL maps without running anything (no demo, no relays)."""
    if not _LISTED:
        from services.agenda.app import create_app as agenda
        from services.awards.app import create_app as awards
        from services.decisions.app import create_app as decisions

        class Listing:
            def __init__(self) -> None:
                self.wsgi_app = type("Mounts", (), {"mounts": {}})()

        listing = Listing()
        for name, create in (("agenda", agenda), ("decisions", decisions), ("awards", awards)):
            listing.wsgi_app.mounts[f"/{name}"] = create(_listing_runtime(name))
        _LISTED.append(listing)
    return _LISTED[0]


def _listing_runtime(name: str):
    import importlib

    from shared.config import Settings

    bootstrap = importlib.import_module(f"services.{name}.bootstrap")
    return bootstrap.build_runtime(Settings.for_service(name, database_url="sqlite://", broker_url=None,
                                                        secret_key="listing"))


class Caller:
    """One role: a browser with its login session, and its API token."""

    def __init__(self, system, email: str | None) -> None:
        self.client = Client(system.wsgi_app)
        self.token: dict[str, str] = {}
        if email:
            response = Client(system.wsgi_app).post("/agenda/api/v1/tokens",
                                                    json={"email": email, "password": DEMO_PASSWORD})
            assert response.status_code == 201, response.get_json()
            self.token = {"Authorization": f"Bearer {response.get_json()['token']}"}
            log_in(self.client, email)

    def call(self, method: str, url: str):
        api = "/api/" in url
        if method == "GET":
            return self.client.get(url, headers=self.token if api else {})
        if api:
            return self.client.open(url, method=method, headers=self.token, json={})
        page = self.client.get(url.rsplit("/", 1)[0] if url.endswith(("/slet", "/luk")) else url)
        token = csrf_token(page.get_data(as_text=True)) if 'name="csrf_token"' in page.get_data(as_text=True) else ""
        return self.client.open(url, method=method, data={"csrf_token": token})


def _accounts(system) -> dict[str, str | None]:
    """The demo's accounts, and those the other roles need, made in the agenda service."""
    agenda = system.runtimes[0]
    with agenda.uow() as uow:
        session = uow.session
        lejre = session.query(Municipality).filter_by(slug="lejre").one()
        greve = session.query(Member).filter_by(name="Lotte Greve").one()
        ensure_user(session, email="lotte.greve@lejre.dk", name="Lotte Greve", password=DEMO_PASSWORD,
                    role="member", municipality_id=lejre.id, member_id=greve.id)
        uow.commit()
    admin = Client(system.wsgi_app)
    token = admin.post("/agenda/api/v1/tokens", json={"email": "admin@udvalg.local", "password": DEMO_PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    admin.post("/agenda/api/v1/municipalities", headers=headers, json={"slug": "roskilde", "name": "Roskilde Kommune"})
    with agenda.uow() as uow:
        roskilde = uow.session.query(Municipality).filter_by(slug="roskilde").one()
        ensure_user(uow.session, email="sekretaer@roskilde.dk", name="Sekretær, Roskilde", password=DEMO_PASSWORD,
                    role="secretary", municipality_id=roskilde.id)
        uow.commit()
    wait_until_delivered(system)
    return {ANONYMOUS: None, MEMBER: "christian.plank@lejre.dk", OTHER_MEMBER: "lotte.greve@lejre.dk",
            SECRETARY: "sekretaer@lejre.dk", OTHER_SECRETARY: "sekretaer@roskilde.dk", ADMIN: "admin@udvalg.local"}


def _ids(system, secretary: Caller) -> dict[str, str]:
    """The demo's rows for the path parameters, all of Lejre's JA committee."""
    from sqlalchemy import select

    from services.agenda.calendar.models import WheelEntry
    from services.agenda.models import AttachmentFile, Committee
    from services.awards.models import AwardRound, Nomination

    get = secretary.client.get
    meetings = get("/agenda/api/v1/meetings?municipality=lejre", headers=secretary.token).get_json()
    january = next(m for m in meetings if m["date"] == "2020-01-08")
    detail = get(f"/agenda/api/v1/meetings/{january['id']}", headers=secretary.token).get_json()
    agenda, awards = system.runtimes[0], system.runtimes[2]
    with agenda.uow(read_only=True) as uow:
        committee = uow.session.scalars(select(Committee).where(Committee.code == "JA")).one()
        entry = uow.session.scalars(select(WheelEntry).where(WheelEntry.committee_id == committee.id)).first()
        file = uow.session.scalars(select(AttachmentFile)).first()
        member_id = committee.memberships[0].member_id
        ids = {"slug": "lejre", "code": "JA", "year": "2020", "month": "1", "meeting_id": january["id"],
               "committee_id": str(committee.id), "item_id": detail["items"][1]["id"],
               "membership_id": str(committee.memberships[0].id), "member_id": str(member_id),
               "entry_id": str(entry.id) if entry else str(uuid.uuid4()),
               "file_id": str(file.id) if file else str(uuid.uuid4()), "token": "ukendt", "token_id": str(uuid.uuid4())}
    with awards.uow(read_only=True) as uow:
        round_ = uow.session.scalars(select(AwardRound).order_by(AwardRound.year)).first()
        nomination = uow.session.scalars(select(Nomination).where(Nomination.round_id == round_.id)).first()
        ids |= {"round_id": str(round_.id), "nomination_id": str(nomination.id) if nomination else str(uuid.uuid4()),
                "candidate_id": str(nomination.id) if nomination else str(uuid.uuid4()),
                "submission_id": str(nomination.submission_id) if nomination else str(uuid.uuid4())}
    return ids


def _url(service: str, path: str, ids: dict[str, str]) -> str:
    filled = re.sub(r"<(?:[\w(),= ]+:)?(\w+)>", lambda m: ids.get(m.group(1), str(uuid.uuid4())), path)
    return f"/{service}{filled}"


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code in (302, 303) and "/login" in response.headers.get("Location", "")


def _judge(route, role: str, response, allowed: Iterable[str], consumed: bool) -> str | None:
    refused = _refused(response)
    if role in allowed and refused and not (consumed and response.status_code == 404):
        return f"{route} refused the {role}: {response.status_code}"
    if role not in allowed and not refused:
        return f"{route} let the {role} through: {response.status_code}"
    return None


def test_every_route_answers_every_role_as_its_entry_says(system):
    accounts = _accounts(system)
    callers = {role: Caller(system, email) for role, email in accounts.items()}
    ids = _ids(system, callers[SECRETARY])
    routes = [route for route in _routes(system) if route in ACCESS]
    problems = []
    for route in sorted(routes, key=lambda r: r[1] != "GET"):
        service, method, path = route
        allowed = ACCESS[route]
        consumed = False
        # Refused roles first: a write they were wrongly let do must not hide behind a later one.
        for role in sorted(ROLES, key=lambda r: r in allowed):
            response = callers[role].call(method, _url(service, path, ids))
            problem = _judge(route, role, response, allowed, consumed)
            if problem:
                problems.append(problem)
            consumed = consumed or (method != "GET" and 200 <= response.status_code < 400)
    assert problems == [], "\n".join(problems)
