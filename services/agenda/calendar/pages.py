"""The calendar part's pages and files.

calendar_pages (public and members):
    /calendar/<slug>.ics                   the municipality's public feed
    /calendar/<slug>/<code>.ics            a committee's public feed (code, or slug without one)
    /calendar/private/<token>.ics          a member's private feed (never access-logged by the proxy)
    /calendar/meetings/<id>.ics            one meeting as a file
    /aarshjul/<slug>/<code>/<year>[.svg]   the wheel (public entries; all for the municipality's users)
    /mig/kalender                          the member's own calendar link: make a new one (rotate)
The portal's committee and meeting pages include the subscribe block and the .ics link
(templates calendar/_committee_calendar.html and calendar/_meeting_ics.html).

calendar_admin (secretariat), under /sekretariat/:
    aarshjul/...                           entries, dialogue themes, roll-over with preview
    kalenderlinks                          members' private links: revoke
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from functools import lru_cache

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms.fields.choices import SelectChoice

from services.agenda.api.context import principal, uow
from services.agenda.calendar.domain.holidays import days_off
from services.agenda.calendar.domain.rollover import SUMMER_BREAK, MeetingRule
from services.agenda.calendar.domain.wheel import KIND_NAMES, render_wheel
from services.agenda.calendar.forms import EntryForm, RolloverForm, ThemeForm
from services.agenda.calendar.links import EVENT_LINKS, meeting_page_url, subscribe_links
from services.agenda.calendar.operations import feeds, rollover, tokens, wheel
from services.agenda.models import Committee, Meeting, Member, Municipality
from services.agenda.operations.access import (
    committee_by_key,
    managed_committee,
    managed_member,
    municipality_by_slug,
)
from services.agenda.web.secretariat import committees_in_reach, secretaries_only
from shared.api.app import runtime_of
from shared.danish import month_name, short_date
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.web.forms import ConfirmForm, field_errors, options

bp = Blueprint("calendar_pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/calendar")
admin_bp = Blueprint("calendar_admin", __name__, template_folder="templates", url_prefix="/sekretariat")
admin_bp.before_request(secretaries_only)
# Danish dates in the calendar's templates, from the one place the project spells them.
bp.add_app_template_global(short_date, "short_date")
bp.add_app_template_global(month_name, "month_name")

CONTENT_TYPE = "text/calendar; charset=utf-8"
FEED_PATHS = "/calendar/"
FIRST_YEAR, LAST_YEAR = 2000, 2100
PAPER_SIZES = ("A4", "A3")


@lru_cache(maxsize=4096)
def _ascii(text: str) -> str:
    """A file name every client accepts (remembered: every cached feed answer names one)."""
    for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "AE"), ("Ø", "OE"), ("Å", "AA")):
        text = text.replace(danish, plain)
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound("Året findes ikke i årshjulet.")


# --- feeds ------------------------------------------------------------------------------

class FeedsWithoutSession(SecureCookieSessionInterface):
    """Feeds are public or carry their own token: they never read or refresh the login
    cookie. A Set-Cookie on a public, cacheable feed could hand a login to a shared cache,
    and checking the cookie's signature would cost every calendar client's hourly fetch."""

    def open_session(self, app, request):
        return None if request.path.startswith(FEED_PATHS) else super().open_session(app, request)


bp.record_once(lambda state: setattr(state.app, "session_interface", FeedsWithoutSession()))


def _feed_cache() -> feeds.FeedCache:
    cache = current_app.extensions.get("agenda.calendar.feeds")
    if cache is None:
        cache = current_app.extensions.setdefault("agenda.calendar.feeds", feeds.FeedCache())
    return cache


def _not_modified(cached: feeds.CachedFeed) -> bool:
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); weak comparison, as a
    # compressing proxy may have weakened our ETag. The headers are looked for in the
    # WSGI environ: asking request.headers for a missing one raises and catches a KeyError.
    environ = request.environ
    if "HTTP_IF_NONE_MATCH" in environ:
        return request.if_none_match.contains_weak(cached.etag[1:-1])
    if "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    since = request.if_modified_since
    return since is not None and cached.last_modified <= since


def _serve(cached: feeds.CachedFeed, *, private: bool, filename: str, attachment: bool = False) -> Response:
    headers = {
        "ETag": cached.etag,
        "Last-Modified": cached.last_modified_http,
        # Stored, but revalidated on every use: a moved meeting is never served stale.
        "Cache-Control": "private, no-cache" if private else "public, no-cache",
    }
    if private:
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Robots-Tag"] = "noindex, nofollow"
    if _not_modified(cached):
        return Response(status=304, headers=headers)
    headers["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return Response(cached.body, status=200, headers=headers, content_type=CONTENT_TYPE)


def _writer():
    """Units of work that may write, for the feeds' Last-Modified stamps (a GET's own unit
    of work only reads)."""
    return runtime_of(current_app).uow


def _current_feed(unit, key: tuple, scope: feeds.FeedScope) -> feeds.CachedFeed:
    """The feed from the cache if its version is unchanged, else built anew (and its
    Last-Modified moved on if the bytes changed)."""
    session = unit.session
    seen = feeds.generation()
    version = feeds.feed_version(session, scope)

    def build() -> tuple[bytes, datetime]:
        body = feeds.build_feed(session, scope, EVENT_LINKS)
        return body, feeds.body_changed_at(session, _writer(), feeds.state_key(scope.key), body,
                                           feeds.last_modified_of(version))

    return _feed_cache().current(key, version, seen, build)


def _public_feed(key: tuple, scope_of, filename: str) -> Response:
    cached = _feed_cache().fresh(key)
    if cached is None:
        with uow() as unit:
            cached = _current_feed(unit, key, scope_of(unit.session))
    return _serve(cached, private=False, filename=filename)


@bp.get("/calendar/<slug>.ics")
def municipality_feed(slug: str):
    """Every committee's meetings, dialogue meetings and public milestones in the municipality."""
    def scope_of(session):
        municipality = municipality_by_slug(session, slug)
        return feeds.municipality_scope(municipality, wheel.municipality_committees(session, municipality))

    return _public_feed(("municipality", slug), scope_of, f"{_ascii(slug)}.ics")


@bp.get("/calendar/<slug>/<code>.ics")
def committee_feed(slug: str, code: str):
    def scope_of(session):
        return feeds.committee_scope(committee_by_key(session, slug, code))

    return _public_feed(("committee", slug, code), scope_of, f"{_ascii(slug)}-{_ascii(code.lower())}.ics")


@bp.get("/calendar/private/<token>.ics")
def private_feed(token: str):
    """A member's feed: all their committees, entries that are not public, closed items'
    titles. An unknown, rotated or revoked token is simply not found: the token is
    checked against the database on every request, in one statement. What the feed
    holds is then revalidated as a public feed's is (see feeds.FeedCache.fresh)."""
    member_id = tokens.member_id_for_token(runtime_of(current_app).read_engine, token)
    if member_id is None:
        raise NotFound("Kalenderen findes ikke.")
    cached = _feed_cache().fresh(feeds.member_key(member_id))
    if cached is None:
        with uow() as unit:
            member = unit.session.get(Member, member_id)
            municipality = unit.session.get(Municipality, member.municipality_id) if member else None
            if member is None or municipality is None:
                raise NotFound("Kalenderen findes ikke.")
            scope = feeds.member_scope(member, tokens.member_committees(unit.session, member), municipality.timezone)
            cached = _current_feed(unit, scope.key, scope)
    return _serve(cached, private=True, filename="mine-udvalg.ics")


@bp.get("/calendar/meetings/<uuid:meeting_id>.ics")
def meeting_ics(meeting_id: uuid.UUID):
    """One meeting as a file to open or forward: the same event (UID, SEQUENCE) as in the feeds."""
    with uow() as unit:
        meeting = unit.session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("Mødet findes ikke.")
        body = feeds.single_meeting_ics(meeting, feeds.meeting_agenda(unit.session, meeting), EVENT_LINKS)
        committee = meeting.committee
        derived = max(meeting.updated_at, committee.updated_at, committee.municipality.updated_at)
        version = (meeting.id, derived)
        cached = feeds.cached_feed(version, body, feeds.generation(),
                                   feeds.body_changed_at(unit.session, _writer(), f"meeting:{meeting.id}", body,
                                                         derived))
        filename = f"moede-{_ascii(meeting.committee.url_key.lower())}-{meeting.date:%Y-%m-%d}.ics"
    return _serve(cached, private=False, filename=filename, attachment=True)


@bp.app_template_global("committee_calendar_links")
def committee_calendar_links(committee: Committee) -> dict[str, dict[str, str]]:
    """For the portal's committee page: the committee's and the municipality's feed links."""
    slug = committee.municipality.slug
    return {"committee": subscribe_links("calendar_pages.committee_feed", slug=slug, code=committee.url_key),
            "municipality": subscribe_links("calendar_pages.municipality_feed", slug=slug)}


# --- the wheel ---------------------------------------------------------------------------

def _wheel(session: Session, slug: str, code: str, year: int, *, standalone: bool):
    _check_year(year)
    committee = committee_by_key(session, slug, code)
    caller = principal()
    items = wheel.wheel_items(session, caller, committee, year)
    svg = render_wheel(year=year, heading=committee.name, marks=items, standalone=standalone)
    return committee, items, svg, wheel.sees_everything(caller, committee.municipality_id)


def _private_if(response: Response, insider: bool) -> Response:
    # What the municipality's own users see may hold internal entries: never in a shared cache.
    response.headers["Cache-Control"] = "private, no-store" if insider else "public, no-cache"
    return response


@bp.get("/aarshjul/<slug>/<code>/<year:year>")
def wheel_page(slug: str, code: str, year: int):
    paper = request.args.get("papir", "").upper()
    with uow() as unit:
        committee, items, svg, insider = _wheel(unit.session, slug, code, year, standalone=False)
        years = sorted(set(wheel.committee_years(unit.session, committee.id)) | {year})
        response = make_response(render_template(
            "calendar/wheel.html", committee=committee, municipality=committee.municipality, year=year,
            items=items, themes=wheel.year_themes(unit.session, committee.id, year), svg=Markup(svg), years=years,
            insider=insider, meeting_url=meeting_page_url, paper=paper if paper in PAPER_SIZES else None))
        return _private_if(response, insider)


@bp.get("/aarshjul/<slug>/<code>/<year:year>.svg")
def wheel_svg(slug: str, code: str, year: int):
    with uow() as unit:
        committee, _items, svg, insider = _wheel(unit.session, slug, code, year, standalone=True)
        response = Response(svg, content_type="image/svg+xml; charset=utf-8")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="aarshjul-{_ascii(committee.url_key.lower())}-{year}.svg"')
        return _private_if(response, insider)


# --- the member's own page ---------------------------------------------------------------

@bp.route("/mig/kalender", methods=["GET", "POST"])
def member_page():
    """The member's private calendar link. The link is shown only right after it is made:
    only its digest is stored."""
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login", next=request.path))
    if caller.member_id is None:
        raise Forbidden("Siden er for udvalgsmedlemmer med en medlemskonto.")
    form = ConfirmForm()
    new_links = None
    status = 200
    with uow() as unit:
        member = tokens.own_member(unit.session, caller)
        if request.method == "POST":
            if form.validate_on_submit():
                _record, token = tokens.rotate_own_token(unit, caller)
                new_links = subscribe_links("calendar_pages.private_feed", token=token)
            else:
                status = 400
        response = make_response(render_template(
            "calendar/member.html", member=member, active=tokens.active_token(unit.session, member.id),
            committees=tokens.member_committees(unit.session, member), form=ConfirmForm(), links=new_links), status)
    # The page may hold a capability URL: never store it, never leak it as a referrer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- the secretariat's pages -------------------------------------------------------------

def _show_errors(form, exc: Invalid | Conflict) -> int:
    """The service layer's Danish messages beside the fields they concern; the status to answer."""
    field_errors(form, exc)
    flash(exc.detail, "error")
    return exc.status


def _save(form, change, success, done_url) -> tuple[WerkzeugResponse | None, int]:
    """Validate the posted form and run the change. On success: flash `success` (a text, or
    a function of the change's result) and redirect. Else: no redirect and the status, with
    the errors beside the fields and what was typed kept."""
    if not form.validate_on_submit():
        return None, 422
    try:
        result = change()
    except (Invalid, Conflict) as exc:
        return None, _show_errors(form, exc)
    flash(success(result) if callable(success) else success, "success")
    return redirect(done_url(), 303), 303


@admin_bp.get("/aarshjul/")
def choose():
    with uow() as unit:
        committees = committees_in_reach(unit.session)
        if len(committees) == 1 or (committees and request.args.get("udvalg")):
            chosen = next((c for c in committees if str(c.id) == request.args.get("udvalg")), committees[0])
            year = request.args.get("aar", type=int) or date.today().year
            return redirect(url_for("calendar_admin.year_page", committee_id=chosen.id, year=year))
        return render_template("calendar/admin/choose.html", committees=committees, year=date.today().year)


def _meeting_choices(session: Session, committee_id: uuid.UUID, year: int) -> list[SelectChoice]:
    return options([("", "(intet møde)")] + [
        (m.id, f"{short_date(m.date)} kl. {m.start_time:%H:%M}" + (" (aflyst)" if m.status == "cancelled" else ""))
        for m in wheel.year_meetings(session, committee_id, year)])


def _year_context(session: Session, committee: Committee, year: int) -> dict:
    entries = wheel.year_entries(session, committee.id, year, include_private=True)
    themes = {t.month: t for t in wheel.year_themes(session, committee.id, year)}
    return {"committee": committee, "municipality": committee.municipality, "year": year, "entries": entries,
            "themes": themes, "kind_names": KIND_NAMES,
            "years": sorted(set(wheel.committee_years(session, committee.id)) | {year, year + 1})}


def _year_url(committee_id: uuid.UUID, year: int):
    return lambda: url_for("calendar_admin.year_page", committee_id=committee_id, year=year)


@admin_bp.route("/aarshjul/<uuid:committee_id>/<year:year>", methods=["GET", "POST"])
def year_page(committee_id: uuid.UUID, year: int):
    """The year's entries and themes, and a form for a new entry."""
    _check_year(year)
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        form = EntryForm(formdata=request.form if request.method == "POST" else None)
        form.zone = committee.municipality.timezone
        form.meeting_id.choices = _meeting_choices(unit.session, committee.id, year)
        status = 200
        if request.method == "POST":
            done, status = _save(
                form, lambda: wheel.create_entry(unit, principal(), committee.id, year, form.data_for_service()),
                "Punktet er føjet til årshjulet.", _year_url(committee.id, year))
            if done:
                return done
        return render_template("calendar/admin/year.html", form=form,
                               **_year_context(unit.session, committee, year)), status


@admin_bp.route("/aarshjul/punkter/<uuid:entry_id>", methods=["GET", "POST"])
def entry_page(entry_id: uuid.UUID):
    with uow() as unit:
        entry = wheel.managed_entry(unit.session, principal(), entry_id)
        form = EntryForm(formdata=request.form if request.method == "POST" else None,
                         obj=None if request.method == "POST" else entry)
        form.zone = entry.committee.municipality.timezone
        if request.method == "GET":
            form.month.data = str(entry.month)
            form.meeting_id.data = str(entry.meeting_id) if entry.meeting_id else ""
        form.meeting_id.choices = _meeting_choices(unit.session, entry.committee_id, entry.year)
        status = 200
        if request.method == "POST":
            done, status = _save(
                form, lambda: wheel.update_entry(unit, principal(), entry.id, form.data_for_service()),
                "Punktet er gemt. Kalenderne viser ændringen.", _year_url(entry.committee_id, entry.year))
            if done:
                return done
        return render_template("calendar/admin/entry.html", form=form, entry=entry, committee=entry.committee,
                               confirm=ConfirmForm()), status


@admin_bp.post("/aarshjul/punkter/<uuid:entry_id>/slet")
def delete_entry(entry_id: uuid.UUID):
    with uow() as unit:
        entry = wheel.managed_entry(unit.session, principal(), entry_id)
        back = _year_url(entry.committee_id, entry.year)
        if ConfirmForm().validate_on_submit():
            wheel.delete_entry(unit, principal(), entry_id)
            flash("Punktet er fjernet fra årshjulet og kalenderne.", "success")
    return redirect(back(), 303)


@admin_bp.route("/aarshjul/<uuid:committee_id>/<year:year>/dialogtemaer/<int:month>", methods=["GET", "POST"])
def theme_page(committee_id: uuid.UUID, year: int, month: int):
    _check_year(year)
    if not 1 <= month <= 12:
        raise NotFound("Måneden findes ikke.")
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        theme = wheel.month_theme(unit.session, committee.id, year, month)
        form = ThemeForm(formdata=request.form if request.method == "POST" else None)
        if request.method == "GET" and theme is not None:
            form.theme.data, form.place.data = theme.theme, theme.place or ""
            form.partners.data = ", ".join(theme.partners or [])
            form.entry_id.data = str(theme.entry_id) if theme.entry_id else ""
        dialogue = [e for e in wheel.year_entries(unit.session, committee.id, year, include_private=True)
                    if e.kind == "dialogue_meeting"]
        form.entry_id.choices = options([("", "(intet dialogmøde endnu)")] + [
            (e.id, f"{short_date(e.date) if e.date else month_name(e.month)}: {e.title}") for e in dialogue])
        status = 200
        if request.method == "POST":
            done, status = _save(
                form, lambda: wheel.set_theme(unit, principal(), committee.id, year, month, form.data_for_service()),
                f"Dialogtemaet for {month_name(month)} er gemt.", _year_url(committee.id, year))
            if done:
                return done
        return render_template("calendar/admin/theme.html", form=form, committee=committee, year=year, month=month,
                               theme=theme, confirm=ConfirmForm()), status


@admin_bp.post("/aarshjul/<uuid:committee_id>/<year:year>/dialogtemaer/<int:month>/slet")
def delete_theme(committee_id: uuid.UUID, year: int, month: int):
    with uow() as unit:
        managed_committee(unit.session, principal(), committee_id)  # another municipality's: 404
        if ConfirmForm().validate_on_submit():
            try:
                wheel.delete_theme(unit, principal(), committee_id, year, month)
            except NotFound as exc:
                flash(exc.detail, "error")
            else:
                flash("Dialogtemaet er slettet.", "success")
    return redirect(_year_url(committee_id, year)(), 303)


def _rule(form: RolloverForm) -> MeetingRule:
    return MeetingRule(
        weekday=int(form.weekday.data), ordinal=int(form.ordinal.data), start_time=form.start_time.data,
        end_time=form.end_time.data, place=form.place.data.strip(),
        skip_months=SUMMER_BREAK if form.skip_july.data else frozenset(),
        skip_holidays=bool(form.skip_holidays.data), include_closing_days=bool(form.include_closing_days.data),
        dialogue_start_time=form.dialogue_start_time.data)


def _rule_defaults(session: Session, committee: Committee, year: int, form: RolloverForm) -> None:
    """Start from the committee's usual time and place (its last meeting of the year)."""
    meetings = wheel.year_meetings(session, committee.id, year)
    form.to_year.data = year + 1
    if meetings:
        last = meetings[-1]
        form.start_time.data, form.end_time.data, form.place.data = last.start_time, last.end_time, last.place


@admin_bp.route("/aarshjul/<uuid:committee_id>/<year:year>/rul-frem", methods=["GET", "POST"])
def rollover_page(committee_id: uuid.UUID, year: int):
    """Roll the year over: a preview first ('Vis forslag'), then 'Opret' saves exactly that."""
    _check_year(year)
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        form = RolloverForm(formdata=request.form if request.method == "POST" else None)
        if request.method == "GET":
            _rule_defaults(unit.session, committee, year, form)
        plan = None
        status = 200
        if request.method == "POST":
            if request.form.get("handling") == "gem":
                done, status = _save(
                    form, lambda: rollover.apply(unit, principal(), committee.id, year, form.to_year.data, _rule(form)),
                    lambda result: f"{result.new_meeting_count} møder og {result.new_entry_count} punkter er "
                                   f"oprettet i {result.to_year}.",
                    lambda: url_for("calendar_admin.year_page", committee_id=committee.id, year=form.to_year.data))
                if done:
                    return done
            elif form.validate_on_submit():
                try:
                    plan = rollover.preview(unit.session, principal(), committee.id, year, form.to_year.data,
                                            _rule(form))
                except Invalid as exc:
                    status = _show_errors(form, exc)
            else:
                status = 422
        holidays = sorted(days_off(form.to_year.data).items()) if plan is not None else []
        return render_template("calendar/admin/rollover.html", form=form, committee=committee, year=year, plan=plan,
                               holidays=holidays), status


@admin_bp.get("/kalenderlinks")
def token_page():
    caller = principal()
    with uow() as unit:
        slug = request.args.get("kommune")
        if caller.is_admin and not slug:
            municipalities = list(unit.session.scalars(select(Municipality).order_by(Municipality.name)))
            return render_template("calendar/admin/tokens.html", municipalities=municipalities, rows=None,
                                   confirm=ConfirmForm())
        if not caller.is_admin:
            slug = unit.session.get(Municipality, caller.municipality_id).slug
        rows = tokens.municipality_tokens(unit.session, caller, slug)
        return render_template("calendar/admin/tokens.html", rows=rows, slug=slug, municipalities=None,
                               confirm=ConfirmForm())


@admin_bp.post("/kalenderlinks/<uuid:member_id>/luk")
def revoke_token(member_id: uuid.UUID):
    with uow() as unit:
        managed_member(unit.session, principal(), member_id)  # another municipality's member: 404
        if ConfirmForm().validate_on_submit():
            try:
                record = tokens.revoke_member_token(unit, principal(), member_id)
            except NotFound as exc:
                flash(exc.detail, "error")
            else:
                flash(f"{record.member.name}s kalenderlink er lukket. Det gamle link virker ikke længere.", "success")
        slug = request.form.get("kommune") or ""
    target = url_for("calendar_admin.token_page", kommune=slug) if slug else url_for("calendar_admin.token_page")
    return redirect(target, 303)


PAGES = (bp, admin_bp)
