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
from services.agenda.operations.accounts import ensure_user_announced
from tests.support.system import DEMO_PASSWORD, embedded_system, log_in, wait_until_delivered

ANONYMOUS, MEMBER, OTHER_MEMBER, SECRETARY, OTHER_SECRETARY, ADMIN = ROLES = (
    "anonymous", "member of the committee", "member of another committee", "secretary",
    "secretary of another municipality", "administrator")

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

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
# Pages where each secretary (and for the agenda's the administrator) sees their own municipality.
OWN_SECRETARIATS = frozenset({SECRETARY, OTHER_SECRETARY, ADMIN})
SECRETARIATS = frozenset({SECRETARY, OTHER_SECRETARY})
# The deciding committee's members score the round's candidates.
SCORERS = frozenset({MEMBER})
# The members present at the meeting sign its minutes, each for themselves.
SIGNERS = frozenset({MEMBER})

# The municipality-setup pages work on the caller's own municipality: a secretary of
# another municipality reaches its own list (routes with Lejre's ids answer it 404).
OWN_SETUP = frozenset({SECRETARY, OTHER_SECRETARY})

ACCESS: dict[tuple[str, str, str], frozenset[str]] = {
    ("agenda", "GET", "/api/v1/municipalities/<slug>/users"): MANAGERS,
    ("agenda", "PATCH", "/api/v1/users/<uuid:user_id>"): MANAGERS,
    ("agenda", "POST", "/api/v1/users/<uuid:user_id>/password-link"): MANAGERS,
    ("agenda", "PATCH", "/api/v1/committees/<uuid:committee_id>/members/<uuid:membership_id>"): MANAGERS,
    ("agenda", "POST", "/api/v1/committees/<uuid:committee_id>/close"): MANAGERS,
    ("agenda", "POST", "/api/v1/committees/<uuid:committee_id>/reopen"): MANAGERS,
    # A one-time link's key is the only way in: an unknown one is refused for everybody.
    ("agenda", "GET", "/adgangskode/<token>"): NOBODY,
    ("agenda", "POST", "/adgangskode/<token>"): NOBODY,
    ("agenda", "GET", "/sekretariat/udvalg/"): OWN_SETUP,
    ("agenda", "POST", "/sekretariat/udvalg/"): OWN_SETUP,
    ("agenda", "GET", "/sekretariat/udvalg/<uuid:committee_id>/"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/udvalg/<uuid:committee_id>/"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/udvalg/<uuid:committee_id>/medlemskaber"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/udvalg/<uuid:committee_id>/nedlaeg"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/udvalg/<uuid:committee_id>/genopret"): SECRETARIES,
    ("agenda", "GET", "/sekretariat/udvalg/<uuid:committee_id>/medlemskaber/<uuid:membership_id>"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/udvalg/<uuid:committee_id>/medlemskaber/<uuid:membership_id>"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/udvalg/<uuid:committee_id>/medlemskaber/<uuid:membership_id>/slet"): SECRETARIES,
    ("agenda", "GET", "/sekretariat/medlemmer/"): OWN_SETUP,
    ("agenda", "POST", "/sekretariat/medlemmer/"): OWN_SETUP,
    ("agenda", "GET", "/sekretariat/medlemmer/<uuid:member_id>"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/medlemmer/<uuid:member_id>"): SECRETARIES,
    ("agenda", "GET", "/sekretariat/brugere/"): OWN_SETUP,
    ("agenda", "POST", "/sekretariat/brugere/"): OWN_SETUP,
    ("agenda", "GET", "/sekretariat/brugere/<uuid:user_id>"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/brugere/<uuid:user_id>"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/brugere/<uuid:user_id>/aktiv"): SECRETARIES,
    ("agenda", "POST", "/sekretariat/brugere/<uuid:user_id>/link"): SECRETARIES,
    ("agenda", "GET", "/admin/kommuner/"): ADMINS,
    ("agenda", "GET", "/admin/kommuner/ny"): ADMINS,
    ("agenda", "POST", "/admin/kommuner/ny"): ADMINS,
    ("agenda", "GET", "/admin/kommuner/<slug>"): ADMINS,
    ("agenda", "POST", "/admin/kommuner/<slug>"): ADMINS,
    ("agenda", "POST", "/admin/kommuner/<slug>/sekretaerer"): ADMINS,
    ("agenda", "POST", "/admin/kommuner/<slug>/brugere/<uuid:user_id>/link"): ADMINS,
    ("agenda", "POST", "/admin/kommuner/<slug>/status"): ADMINS,
    ("agenda", "GET", "/"): EVERYONE,
    ("agenda", "GET", "/<slug>/"): EVERYONE,
    ("agenda", "GET", "/<slug>/moeder/<uuid:meeting_id>"): EVERYONE,
    ("agenda", "GET", "/<slug>/udvalg/<code>/"): EVERYONE,
    ("agenda", "GET", "/aarshjul/<slug>/<code>/<year:year>"): EVERYONE,
    ("agenda", "GET", "/aarshjul/<slug>/<code>/<year:year>.svg"): EVERYONE,
    ("agenda", "GET", "/api/v1/committees/<uuid:committee_id>"): EVERYONE,
    ("agenda", "GET", "/api/v1/committees/<uuid:committee_id>/aarshjul/<year:year>"): EVERYONE,
    ("agenda", "GET", "/api/v1/me"): EVERYONE,
    ("agenda", "GET", "/api/v1/meetings"): EVERYONE,
    ("agenda", "GET", "/api/v1/meetings/<uuid:meeting_id>"): EVERYONE,
    ("agenda", "GET", "/api/v1/municipalities"): EVERYONE,
    ("agenda", "GET", "/api/v1/municipalities/<slug>"): EVERYONE,
    ("agenda", "GET", "/api/v1/municipalities/<slug>/calendar-tokens"): MANAGERS,
    ("agenda", "GET", "/api/v1/municipalities/<slug>/committees"): EVERYONE,
    ("agenda", "GET", "/api/v1/municipalities/<slug>/members"): MANAGERS,
    # The bilag was added after the agenda was published: public only with the next version.
    ("agenda", "GET", "/bilag/<uuid:file_id>"): COMMITTEE,
    ("agenda", "GET", "/calendar/<slug>.ics"): EVERYONE,
    ("agenda", "GET", "/calendar/<slug>/<code>.ics"): EVERYONE,
    ("agenda", "GET", "/calendar/meetings/<uuid:meeting_id>.ics"): EVERYONE,
    ("agenda", "GET", "/calendar/private/<token>.ics"): NOBODY,
    ("agenda", "GET", "/healthz"): EVERYONE,
    ("agenda", "GET", "/login"): EVERYONE,
    ("agenda", "GET", "/mig/kalender"): MEMBERS,
    ("agenda", "GET", "/mig/beskeder"): MEMBERS,
    # The link in a mail that stops all mails: the test's token is no real one.
    ("agenda", "GET", "/afmeld/<token>"): NOBODY,
    ("agenda", "GET", "/sekretariat/e-mails"): OWN_SECRETARIATS,
    ("agenda", "GET", "/openapi.json"): EVERYONE,
    ("agenda", "GET", "/readyz"): EVERYONE,
    ("agenda", "GET", "/sekretariat/"): OWN_SECRETARIATS,
    ("agenda", "GET", "/sekretariat/aarshjul/"): OWN_SECRETARIATS,
    ("agenda", "GET", "/sekretariat/aarshjul/<uuid:committee_id>/<year:year>"): MANAGERS,
    ("agenda", "GET", "/sekretariat/aarshjul/<uuid:committee_id>/<year:year>/dialogtemaer/<int:month>"): MANAGERS,
    ("agenda", "GET", "/sekretariat/aarshjul/<uuid:committee_id>/<year:year>/rul-frem"): MANAGERS,
    ("agenda", "GET", "/sekretariat/aarshjul/punkter/<uuid:entry_id>"): MANAGERS,
    ("agenda", "GET", "/sekretariat/kalenderlinks"): OWN_SECRETARIATS,
    ("agenda", "GET", "/sekretariat/moeder/<uuid:meeting_id>"): MANAGERS,
    ("agenda", "GET", "/sekretariat/moeder/<uuid:meeting_id>/aflys"): MANAGERS,
    ("agenda", "GET", "/sekretariat/moeder/<uuid:meeting_id>/forhaandsvisning"): MANAGERS,
    ("agenda", "GET", "/sekretariat/moeder/<uuid:meeting_id>/historik"): MANAGERS,
    ("agenda", "GET", "/sekretariat/moeder/<uuid:meeting_id>/punkter/<uuid:item_id>/fjern"): MANAGERS,
    ("agenda", "GET", "/sekretariat/punkter/<uuid:item_id>"): MANAGERS,
    ("agenda", "GET", "/sekretariat/udvalg/<uuid:committee_id>/nyt-moede"): MANAGERS,
    ("agenda", "GET", "/start"): LOGGED_IN,
    ("awards", "GET", "/api/v1/municipalities"): EVERYONE,
    ("awards", "GET", "/api/v1/municipalities/<slug>/rounds"): EVERYONE,
    ("awards", "GET", "/bedoemmelse/kandidater/<uuid:candidate_id>"): SCORERS,
    ("awards", "GET", "/bedoemmelse/runder/<uuid:round_id>"): SCORERS,
    ("awards", "GET", "/healthz"): EVERYONE,
    ("awards", "GET", "/openapi.json"): EVERYONE,
    ("awards", "GET", "/readyz"): EVERYONE,
    ("awards", "GET", "/sekretariat/"): SECRETARIATS,
    ("awards", "GET", "/sekretariat/indstillinger/<uuid:nomination_id>"): SECRETARIES,
    ("awards", "GET", "/sekretariat/indstillinger/<uuid:nomination_id>/bilag"): SECRETARIES,
    ("awards", "GET", "/sekretariat/persondata"): SECRETARIATS,
    ("awards", "GET", "/sekretariat/runder/<uuid:round_id>"): SECRETARIES,
    ("awards", "GET", "/sekretariat/runder/<uuid:round_id>/historik"): SECRETARIES,
    ("awards", "GET", "/sekretariat/runder/<uuid:round_id>/indstillinger"): SECRETARIES,
    ("awards", "GET", "/sekretariat/runder/<uuid:round_id>/kandidater"): SECRETARIES,
    ("awards", "GET", "/sekretariat/runder/<uuid:round_id>/kandidater.docx"): SECRETARIES,
    ("awards", "GET", "/sekretariat/runder/ny"): SECRETARIATS,
    ("awards", "GET", "/virksomhedspris/<slug>/"): EVERYONE,
    ("awards", "GET", "/virksomhedspris/<slug>/<year:year>/"): EVERYONE,
    ("awards", "GET", "/virksomhedspris/<slug>/<year:year>/indstil"): EVERYONE,
    ("awards", "GET", "/virksomhedspris/kvittering/<uuid:submission_id>"): EVERYONE,
    ("decisions", "GET", "/api/v1/meetings"): EVERYONE,
    ("decisions", "GET", "/healthz"): EVERYONE,
    ("decisions", "GET", "/moeder/<uuid:meeting_id>/dagsorden.docx"): EVERYONE,
    ("decisions", "GET", "/moeder/<uuid:meeting_id>/referat.docx"): EVERYONE,
    ("decisions", "GET", "/openapi.json"): EVERYONE,
    ("decisions", "GET", "/readyz"): EVERYONE,
    ("decisions", "GET", "/referat/<uuid:meeting_id>"): EVERYONE,
    ("decisions", "GET", "/referat/<uuid:meeting_id>/underskrift"): SIGNERS,
    ("decisions", "GET", "/sekretariat/moeder/<uuid:meeting_id>"): MANAGERS,
    ("decisions", "GET", "/sekretariat/moeder/<uuid:meeting_id>/punkter/<uuid:item_id>"): MANAGERS,
    ("decisions", "GET", "/sekretariat/skabelon/"): SECRETARIATS,
    ("decisions", "GET", "/sekretariat/skabelon/eksempel.docx"): SECRETARIATS,
    ("decisions", "GET", "/sekretariat/skabelon/eksempel-<int:page>.png"): SECRETARIATS,
    ("agenda", "GET", "/sekretariat/husstil/"): OWN_SECRETARIATS,
    ("agenda", "POST", "/sekretariat/husstil/"): OWN_SECRETARIATS,
    ("agenda", "DELETE", "/api/v1/aarshjul/entries/<uuid:entry_id>"): MANAGERS,
    ("agenda", "DELETE", "/api/v1/committees/<uuid:committee_id>/aarshjul/<year:year>/themes/<int:month>"): MANAGERS,
    ("agenda", "DELETE", "/api/v1/committees/<uuid:committee_id>/members/<uuid:membership_id>"): MANAGERS,
    ("agenda", "DELETE", "/api/v1/meetings/<uuid:meeting_id>/items/<uuid:item_id>"): MANAGERS,
    ("agenda", "DELETE", "/api/v1/members/<uuid:member_id>/calendar-token"): MANAGERS,
    ("agenda", "DELETE", "/api/v1/tokens/<uuid:token_id>"): NOBODY,
    ("agenda", "PATCH", "/api/v1/aarshjul/entries/<uuid:entry_id>"): MANAGERS,
    ("agenda", "PATCH", "/api/v1/committees/<uuid:committee_id>"): MANAGERS,
    ("agenda", "PATCH", "/api/v1/items/<uuid:item_id>"): MANAGERS,
    ("agenda", "PATCH", "/api/v1/members/<uuid:member_id>"): MANAGERS,
    ("agenda", "PATCH", "/api/v1/municipalities/<slug>"): MANAGERS,
    ("agenda", "POST", "/api/v1/committees/<uuid:committee_id>/aarshjul/<year:year>/entries"): MANAGERS,
    ("agenda", "POST", "/api/v1/committees/<uuid:committee_id>/meetings"): MANAGERS,
    ("agenda", "POST", "/api/v1/committees/<uuid:committee_id>/members"): MANAGERS,
    ("agenda", "POST", "/api/v1/committees/<uuid:committee_id>/rollover"): MANAGERS,
    ("agenda", "POST", "/api/v1/items/<uuid:item_id>/meetings"): MANAGERS,
    ("agenda", "POST", "/api/v1/me/calendar-token"): MEMBERS,
    ("agenda", "POST", "/api/v1/meetings/<uuid:meeting_id>/cancel"): MANAGERS,
    ("agenda", "POST", "/api/v1/meetings/<uuid:meeting_id>/held"): MANAGERS,
    ("agenda", "POST", "/api/v1/meetings/<uuid:meeting_id>/items"): MANAGERS,
    ("agenda", "POST", "/api/v1/meetings/<uuid:meeting_id>/publish"): MANAGERS,
    ("agenda", "POST", "/api/v1/meetings/<uuid:meeting_id>/reinstate"): MANAGERS,
    ("agenda", "POST", "/api/v1/meetings/<uuid:meeting_id>/reschedule"): MANAGERS,
    ("agenda", "POST", "/api/v1/municipalities"): ADMINS,
    ("agenda", "POST", "/api/v1/municipalities/<slug>/committees"): MANAGERS,
    ("agenda", "POST", "/api/v1/municipalities/<slug>/members"): MANAGERS,
    ("agenda", "POST", "/api/v1/municipalities/<slug>/users"): MANAGERS,
    ("agenda", "POST", "/api/v1/tokens"): EVERYONE,
    ("agenda", "POST", "/login"): EVERYONE,
    ("agenda", "POST", "/logout"): EVERYONE,
    ("agenda", "POST", "/mig/kalender"): MEMBERS,
    ("agenda", "POST", "/mig/beskeder"): MEMBERS,
    ("agenda", "POST", "/afmeld/<token>"): NOBODY,
    ("agenda", "POST", "/sekretariat/aarshjul/<uuid:committee_id>/<year:year>"): MANAGERS,
    ("agenda", "POST", "/sekretariat/aarshjul/<uuid:committee_id>/<year:year>/dialogtemaer/<int:month>"): MANAGERS,
    ("agenda", "POST", "/sekretariat/aarshjul/<uuid:committee_id>/<year:year>/dialogtemaer/<int:month>/slet"): MANAGERS,
    ("agenda", "POST", "/sekretariat/aarshjul/<uuid:committee_id>/<year:year>/rul-frem"): MANAGERS,
    ("agenda", "POST", "/sekretariat/aarshjul/punkter/<uuid:entry_id>"): MANAGERS,
    ("agenda", "POST", "/sekretariat/aarshjul/punkter/<uuid:entry_id>/slet"): MANAGERS,
    ("agenda", "POST", "/sekretariat/kalenderlinks/<uuid:member_id>/luk"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/afholdt"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/aflys"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/detaljer"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/genoptag"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/offentliggoer"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/punkter"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/punkter/<uuid:item_id>/fjern"): MANAGERS,
    ("agenda", "POST", "/sekretariat/moeder/<uuid:meeting_id>/punkter/<uuid:item_id>/flyt"): MANAGERS,
    ("agenda", "POST", "/sekretariat/punkter/<uuid:item_id>"): MANAGERS,
    ("agenda", "POST", "/sekretariat/punkter/<uuid:item_id>/bilag"): MANAGERS,
    ("agenda", "POST", "/sekretariat/punkter/<uuid:item_id>/bilag/<uuid:file_id>/slet"): MANAGERS,
    ("agenda", "POST", "/sekretariat/punkter/<uuid:item_id>/moeder"): MANAGERS,
    ("agenda", "POST", "/sekretariat/udvalg/<uuid:committee_id>/nyt-moede"): MANAGERS,
    ("agenda", "PUT", "/api/v1/committees/<uuid:committee_id>/aarshjul/<year:year>/themes/<int:month>"): MANAGERS,
    ("agenda", "PUT", "/api/v1/meetings/<uuid:meeting_id>/items/order"): MANAGERS,
    ("awards", "POST", "/bedoemmelse/kandidater/<uuid:candidate_id>"): SCORERS,
    ("awards", "POST", "/sekretariat/indstillinger/<uuid:nomination_id>/afvis"): SECRETARIES,
    ("awards", "POST", "/sekretariat/indstillinger/<uuid:nomination_id>/genopret"): SECRETARIES,
    ("awards", "POST", "/sekretariat/indstillinger/<uuid:nomination_id>/saml"): SECRETARIES,
    ("awards", "POST", "/sekretariat/persondata"): SECRETARIATS,
    ("awards", "POST", "/sekretariat/runder/<uuid:round_id>"): SECRETARIES,
    ("awards", "POST", "/sekretariat/runder/<uuid:round_id>/luk"): SECRETARIES,
    ("awards", "POST", "/sekretariat/runder/<uuid:round_id>/overraekkelse"): SECRETARIES,
    ("awards", "POST", "/sekretariat/runder/ny"): SECRETARIATS,
    ("awards", "POST", "/virksomhedspris/<slug>/<year:year>/indstil"): EVERYONE,
    ("decisions", "POST", "/sekretariat/moeder/<uuid:meeting_id>/fremmoede"): MANAGERS,
    ("decisions", "POST", "/sekretariat/moeder/<uuid:meeting_id>/godkend"): MANAGERS,
    ("decisions", "POST", "/sekretariat/moeder/<uuid:meeting_id>/punkter/<uuid:item_id>"): MANAGERS,
    ("decisions", "POST", "/sekretariat/moeder/<uuid:meeting_id>/ret"): MANAGERS,
    ("decisions", "POST", "/sekretariat/moeder/<uuid:meeting_id>/underskrifter/paamind"): MANAGERS,
    ("decisions", "POST", "/referat/<uuid:meeting_id>/underskrift"): SIGNERS,
    ("decisions", "POST", "/referat/<uuid:meeting_id>/underskrift/forbehold"): SIGNERS,
    ("decisions", "POST", "/sekretariat/skabelon/"): SECRETARIATS,
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
        # Any page of the session holds a valid CSRF token (the logout form in the header).
        found = CSRF.search(self.client.get("/agenda/login").get_data(as_text=True))
        return self.client.open(url, method=method, data={"csrf_token": found.group(1) if found else ""})


def _accounts(system) -> dict[str, str | None]:
    """The demo's accounts, and those the other roles need, made in the agenda service."""
    agenda = system.runtimes[0]
    with agenda.uow() as uow:
        session = uow.session
        lejre = session.query(Municipality).filter_by(slug="lejre").one()
        greve = session.query(Member).filter_by(name="Lotte Greve").one()
        # Announced, as every account is: the other services honour its login only then.
        ensure_user_announced(uow, email="lotte.greve@lejre.dk", name="Lotte Greve", password=DEMO_PASSWORD,
                              role="member", municipality_id=lejre.id, member_id=greve.id)
        uow.commit()
    admin = Client(system.wsgi_app)
    token = admin.post("/agenda/api/v1/tokens", json={"email": "admin@udvalg.local", "password": DEMO_PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    admin.post("/agenda/api/v1/municipalities", headers=headers, json={"slug": "roskilde", "name": "Roskilde Kommune"})
    with agenda.uow() as uow:
        roskilde = uow.session.query(Municipality).filter_by(slug="roskilde").one()
        ensure_user_announced(uow, email="sekretaer@roskilde.dk", name="Sekretær, Roskilde",
                              password=DEMO_PASSWORD, role="secretary", municipality_id=roskilde.id)
        uow.commit()
    wait_until_delivered(system)
    return {ANONYMOUS: None, MEMBER: "christian.plank@lejre.dk", OTHER_MEMBER: "lotte.greve@lejre.dk",
            SECRETARY: "sekretaer@lejre.dk", OTHER_SECRETARY: "sekretaer@roskilde.dk", ADMIN: "admin@udvalg.local"}


def _ids(system, secretary: Caller) -> dict[str, str]:
    """The demo's rows for the path parameters, all of Lejre's JA committee; a bilag file
    and a nomination with an attachment are added for the routes that serve them."""
    from datetime import date

    from sqlalchemy import select, update

    from services.agenda.calendar.models import WheelEntry
    from services.agenda.calendar.operations.tokens import issue_for_member
    from services.agenda.models import AttachmentFile, Committee
    from services.awards.models import AwardRound, Nomination
    from services.awards.tests.conftest import VALID_CVR, hidden_fields

    get = secretary.client.get
    meetings = get("/agenda/api/v1/meetings?municipality=lejre", headers=secretary.token).get_json()
    january = next(m for m in meetings if m["date"] == "2020-01-08")
    detail = get(f"/agenda/api/v1/meetings/{january['id']}", headers=secretary.token).get_json()
    open_item = next(item for item in detail["items"] if not item["closed"] and item["kind"] == "case")
    agenda, awards = system.runtimes[0], system.runtimes[2]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with agenda.uow() as uow:
        file = AttachmentFile(item_id=uuid.UUID(open_item["id"]), filename="notat.pdf", content_type="application/pdf",
                              size=len(pdf), content=pdf)
        uow.session.add(file)
        uow.commit()
        file_id = str(file.id)
    with agenda.uow(read_only=True) as uow:
        lejre = uow.session.scalars(select(Municipality).where(Municipality.slug == "lejre")).one()
        lejre_id = lejre.id
        committee = uow.session.scalars(select(Committee).where(
            Committee.code == "JA", Committee.municipality_id == lejre.id)).one()
        entry = uow.session.scalars(select(WheelEntry).where(WheelEntry.committee_id == committee.id)).first()
        ids = {"slug": "lejre", "code": "JA", "year": "2020", "month": "1", "page": "1", "meeting_id": january["id"],
               "committee_id": str(committee.id), "item_id": open_item["id"],
               # Not the member role's own seat: the writes remove it.
               "membership_id": str(committee.memberships[-1].id),
               "member_id": str(committee.memberships[-1].member_id),
               "entry_id": str(entry.id), "file_id": file_id, "token": "ukendt", "token_id": str(uuid.uuid4())}
    with agenda.uow() as uow:
        # A private calendar link for that member, for the routes that revoke it.
        issue_for_member(uow, uuid.UUID(ids["member_id"]), None)
    with agenda.uow() as uow:
        # An account of Lejre's for the user-account routes (they may deactivate it).
        ids["user_id"] = str(ensure_user_announced(uow, email="vikar@lejre.dk", name="Vikar", password=DEMO_PASSWORD,
                                                   role="secretary", municipality_id=lejre_id).id)
        uow.commit()
    year = date.today().year
    citizen = Client(system.wsgi_app)
    form = f"/awards/virksomhedspris/lejre/{year}/indstil"
    sent = citizen.post(form, data={**hidden_fields(citizen.get(form).get_data(as_text=True)),
                                    "company_name": "Hvalsø Tømrer ApS", "cvr": VALID_CVR,
                                    "company_address": "Industrivej 12, 4330 Hvalsø", "reason_0": "Tre lærlinge.",
                                    "nominator_name": "Anne Holm", "nominator_email": "anne@example.org",
                                    "consent": "y", "website": ""})
    assert sent.status_code == 303, sent.get_data(as_text=True)[-1500:]
    with awards.uow() as uow:
        round_ = uow.session.scalars(select(AwardRound).where(AwardRound.year == year, AwardRound.state == "open")).one()
        nomination = uow.session.scalars(select(Nomination).where(
            Nomination.round_id == round_.id, Nomination.company_name == "Hvalsø Tømrer ApS")).one()
        uow.session.execute(update(Nomination).where(Nomination.id == nomination.id).values(
            attachment=pdf, attachment_name="bilag.pdf", attachment_type="application/pdf"))
        uow.commit()
        ids |= {"award_year": str(year), "round_id": str(round_.id), "nomination_id": str(nomination.id),
                "candidate_id": str(nomination.id), "submission_id": str(nomination.submission_id)}
    return ids


def _url(service: str, path: str, ids: dict[str, str]) -> str:
    if service == "awards":
        ids = {**ids, "year": ids["award_year"]}
    filled = re.sub(r"<(?:[\w(),= ]+:)?(\w+)>", lambda m: ids.get(m.group(1), str(uuid.uuid4())), path)
    return f"/{service}{filled}"


def _to_login(response) -> bool:
    return response.status_code in (302, 303) and "/login" in response.headers.get("Location", "")


# Routes whose own answer is the way to the login page.
TO_LOGIN = {("agenda", "POST", "/logout"), ("agenda", "GET", "/start")}


def _judge(route, role: str, response, allowed: Iterable[str], consumed: bool) -> str | None:
    status = response.status_code
    if role in allowed:
        if status in (401, 403) or (_to_login(response) and route not in TO_LOGIN) or (status == 404 and not consumed):
            detail = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))[-300:]
            return f"{route} refused the {role}: {status} {detail}"
    elif status < 400 and not _to_login(response):
        return f"{route} let the {role} through: {status}"
    return None


def test_every_route_answers_every_role_as_its_entry_says(system):
    accounts = _accounts(system)
    callers = {role: Caller(system, email) for role, email in accounts.items()}
    ids = _ids(system, callers[SECRETARY])
    routes = [route for route in _routes(system) if route in ACCESS]
    problems = []
    # Reads first, then writes: the members score the nomination before the secretariat
    # reviews it, and logging out, which ends the sessions, comes last.
    for route in sorted(routes, key=lambda r: (r[1] != "GET", r[2] == "/logout", "/indstillinger/" in r[2])):
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
