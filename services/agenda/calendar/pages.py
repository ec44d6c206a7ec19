"""The calendar part's pages and files.

calendar_pages (public and members):
    /calendar/<slug>.ics                   the municipality's public feed
    /calendar/<slug>/<code>.ics            a committee's public feed
    /calendar/private/<token>.ics          a member's private feed (never access-logged by the proxy)
    /calendar/meetings/<id>.ics            one meeting as a file
    /kalender/<slug>/<code>                a committee's calendar page: subscribe links and instructions
    /aarshjul/<slug>/<code>/<year>[.svg]   the wheel (public entries; all for the municipality's users)
    /mig/kalender                          the member's own calendar link: make a new one (rotate)

calendar_admin (secretariat), under /sekretariat/:
    aarshjul/...                           entries, dialogue themes, roll-over with preview
    kalenderlinks                          members' private links: revoke
"""

from __future__ import annotations

import uuid
from datetime import date

from flask import Blueprint, Response, current_app, flash, make_response, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select

from services.agenda.api.context import principal, uow
from services.agenda.calendar.domain.holidays import MONTH_NAMES, danish_date, days_off
from services.agenda.calendar.domain.rollover import SUMMER_BREAK, MeetingRule
from services.agenda.calendar.domain.wheel import KINDS, WheelMark, render_wheel
from services.agenda.calendar.forms import DanishForm, EntryForm, RolloverForm, ThemeForm
from services.agenda.calendar.links import base_url, meeting_public_url, subscribe_links
from services.agenda.calendar.models import DialogueTheme
from services.agenda.calendar.operations import feeds, rollover, tokens, wheel
from services.agenda.models import Committee, Meeting, Municipality
from services.agenda.operations.access import managed_committee, municipality_by_slug
from shared.errors import Conflict, Forbidden, Invalid, NotFound

bp = Blueprint("calendar_pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/calendar")
admin_bp = Blueprint("calendar_admin", __name__, template_folder="templates", url_prefix="/sekretariat")

CONTENT_TYPE = "text/calendar; charset=utf-8"
FIRST_YEAR, LAST_YEAR = 2000, 2100


class ConfirmForm(DanishForm):
    """Only the CSRF token: for buttons that change something."""


def _ascii(text: str) -> str:
    for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "AE"), ("Ø", "OE"), ("Å", "AA")):
        text = text.replace(danish, plain)
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "-" for ch in text)


# --- feeds ------------------------------------------------------------------------------

def _feed_cache() -> feeds.FeedCache:
    cache = current_app.extensions.get("agenda.calendar.feeds")
    if cache is None:
        cache = current_app.extensions.setdefault("agenda.calendar.feeds", feeds.FeedCache())
    return cache


def _not_modified(cached: feeds.CachedFeed) -> bool:
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2); weak comparison, as a
    # compressing proxy may have weakened our ETag.
    if "If-None-Match" in request.headers:
        return request.if_none_match.contains_weak(cached.etag[1:-1])
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


def _public_feed(key: tuple, scope_of, filename: str) -> Response:
    cache = _feed_cache()
    cached = cache.fresh(key)
    if cached is None:
        with uow() as unit:
            seen = feeds.generation()
            scope = scope_of(unit.session)
            version = feeds.feed_version(unit.session, scope)
            base = base_url()
            cached = cache.current(key, version, seen, lambda: feeds.build_feed(unit.session, scope, base))
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
        return feeds.committee_scope(wheel.committee_by_code(session, slug, code))

    return _public_feed(("committee", slug, code), scope_of, f"{_ascii(slug)}-{_ascii(code.lower())}.ics")


@bp.get("/calendar/private/<token>.ics")
def private_feed(token: str):
    """A member's feed: all their committees, entries that are not public, closed items'
    titles. An unknown, rotated or revoked token is simply not found."""
    with uow() as unit:
        member = tokens.member_for_token(unit.session, token)
        if member is None:
            raise NotFound("Kalenderen findes ikke.")
        committees = tokens.member_committees(unit.session, member)
        zone = committees[0].municipality.timezone if committees else unit.session.get(
            Municipality, member.municipality_id).timezone
        scope = feeds.member_scope(member, committees, zone)
        seen = feeds.generation()
        version = feeds.feed_version(unit.session, scope)
        base = base_url()
        cached = _feed_cache().current(scope.key, version, seen, lambda: feeds.build_feed(unit.session, scope, base))
    return _serve(cached, private=True, filename="mine-udvalg.ics")


@bp.get("/calendar/meetings/<uuid:meeting_id>.ics")
def meeting_ics(meeting_id: uuid.UUID):
    """One meeting as a file to open or forward: the same event (UID, SEQUENCE) as in the feeds."""
    with uow() as unit:
        meeting = unit.session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("Mødet findes ikke.")
        body = feeds.single_meeting_ics(meeting, feeds.meeting_agenda(unit.session, meeting), base_url())
        cached = feeds.cached_feed((meeting.id, meeting.updated_at), body, feeds.generation())
        filename = f"moede-{_ascii(meeting.committee.code.lower())}-{meeting.date:%Y-%m-%d}.ics"
    return _serve(cached, private=False, filename=filename, attachment=True)


# --- public pages ------------------------------------------------------------------------

@bp.get("/kalender/<slug>/<code>")
def committee_calendar(slug: str, code: str):
    with uow() as unit:
        committee = wheel.committee_by_code(unit.session, slug, code)
        upcoming = list(unit.session.scalars(
            select(Meeting).where(Meeting.committee_id == committee.id, Meeting.date >= date.today())
            .order_by(Meeting.date, Meeting.start_time).limit(12)))
        years = wheel.committee_years(unit.session, committee.id)
        return render_template(
            "calendar/committee.html", committee=committee, municipality=committee.municipality,
            upcoming=upcoming, years=years,
            links=subscribe_links("calendar_pages.committee_feed", slug=slug, code=code),
            municipality_links=subscribe_links("calendar_pages.municipality_feed", slug=slug))


def _wheel(session, slug: str, code: str, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound("Året findes ikke i årshjulet.")
    committee = wheel.committee_by_code(session, slug, code)
    caller = principal()
    items = wheel.wheel_items(session, caller, committee, year)
    marks = [WheelMark(kind=i.kind, month=i.month, title=i.title, date=i.date, cancelled=i.cancelled,
                       public=i.public) for i in items]
    svg = render_wheel(year=year, heading=committee.name, marks=marks)
    insider = wheel.sees_everything(caller, committee.municipality_id)
    return committee, items, svg, insider


def _private_if(response: Response, insider: bool) -> Response:
    response.headers["Cache-Control"] = "private, no-store" if insider else "public, no-cache"
    return response


@bp.get("/aarshjul/<slug>/<code>/<int:year>")
def wheel_page(slug: str, code: str, year: int):
    with uow() as unit:
        committee, items, svg, insider = _wheel(unit.session, slug, code, year)
        themes = wheel.year_themes(unit.session, committee.id, year)
        years = sorted(set(wheel.committee_years(unit.session, committee.id)) | {year})
        response = make_response(render_template(
            "calendar/wheel.html", committee=committee, municipality=committee.municipality, year=year,
            items=items, themes=themes, svg=Markup(svg), years=years, insider=insider, kinds=KINDS,
            meeting_url=meeting_public_url,
            month_names=MONTH_NAMES, paper=request.args.get("papir", "").upper() if request.args.get(
                "papir", "").upper() in ("A3", "A4") else None))
        return _private_if(response, insider)


@bp.get("/aarshjul/<slug>/<code>/<int:year>.svg")
def wheel_svg(slug: str, code: str, year: int):
    with uow() as unit:
        committee, _items, _svg, insider = _wheel(unit.session, slug, code, year)
        marks = [WheelMark(kind=i.kind, month=i.month, title=i.title, date=i.date, cancelled=i.cancelled,
                           public=i.public) for i in _items]
        body = render_wheel(year=year, heading=committee.name, marks=marks, standalone=True)
        response = Response(body, content_type="image/svg+xml; charset=utf-8")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="aarshjul-{_ascii(committee.code.lower())}-{year}.svg"')
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
        active = tokens.active_token(unit.session, member.id)
        committees = tokens.member_committees(unit.session, member)
        response = make_response(render_template(
            "calendar/member.html", member=member, active=active, committees=committees, form=ConfirmForm(),
            links=new_links), status)
    # The page may hold a capability URL: never store it, never leak it as a referrer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- the secretariat's pages -------------------------------------------------------------

@admin_bp.before_request
def _secretaries_only():
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
    if caller.role not in ("secretary", "admin"):
        raise Forbidden("Siderne er for udvalgssekretærer.")
    return None


def _own_committees(session) -> list[Committee]:
    caller = principal()
    query = select(Committee).join(Municipality).order_by(Municipality.name, Committee.name)
    if not caller.is_admin:
        query = query.where(Committee.municipality_id == caller.municipality_id)
    return list(session.scalars(query))


def _field_errors(form, exc: Invalid | Conflict) -> None:
    for name, messages in exc.errors.items():
        if name in form:
            form[name].errors = list(messages)


@admin_bp.get("/aarshjul/")
def choose():
    with uow() as unit:
        committees = _own_committees(unit.session)
        if len(committees) == 1 or (committees and request.args.get("udvalg")):
            chosen = next((c for c in committees if str(c.id) == request.args.get("udvalg")), committees[0])
            year = request.args.get("aar", type=int) or date.today().year
            return redirect(url_for("calendar_admin.year_page", committee_id=chosen.id, year=year))
        return render_template("calendar/admin/choose.html", committees=committees, year=date.today().year)


def _meeting_choices(session, committee_id: uuid.UUID, year: int) -> list[tuple[str, str]]:
    return [("", "(intet møde)")] + [
        (str(m.id), f"{m.date:%d-%m-%Y} kl. {m.start_time:%H:%M}" + (" (aflyst)" if m.status == "cancelled" else ""))
        for m in wheel.year_meetings(session, committee_id, year)]


def _year_context(session, committee: Committee, year: int) -> dict:
    entries = wheel.year_entries(session, committee.id, year, include_private=True)
    themes = {t.month: t for t in wheel.year_themes(session, committee.id, year)}
    return {"committee": committee, "municipality": committee.municipality, "year": year, "entries": entries,
            "themes": themes, "month_names": MONTH_NAMES, "kind_names": wheel.KIND_NAMES,
            "years": sorted(set(wheel.committee_years(session, committee.id)) | {year, year + 1})}


@admin_bp.route("/aarshjul/<uuid:committee_id>/<int:year>", methods=["GET", "POST"])
def year_page(committee_id: uuid.UUID, year: int):
    """The year's entries and themes, and a form for a new entry."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound("Året findes ikke i årshjulet.")
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        form = EntryForm(year=year, formdata=request.form if request.method == "POST" else None)
        form.meeting_id.choices = _meeting_choices(unit.session, committee.id, year)
        status = 200
        if request.method == "POST":
            if form.validate_on_submit():
                try:
                    wheel.create_entry(unit, principal(), committee.id, year, form.data_for_service())
                except (Invalid, Conflict) as exc:
                    _field_errors(form, exc)
                    flash(exc.detail, "error")
                    status = exc.status
                else:
                    flash("Punktet er føjet til årshjulet.", "success")
                    return redirect(url_for("calendar_admin.year_page", committee_id=committee.id, year=year))
            else:
                status = 422
        return render_template("calendar/admin/year.html", form=form, **_year_context(unit.session, committee, year)), status


@admin_bp.route("/aarshjul/punkter/<uuid:entry_id>", methods=["GET", "POST"])
def entry_page(entry_id: uuid.UUID):
    with uow() as unit:
        entry = wheel.managed_entry(unit.session, principal(), entry_id)
        form = EntryForm(year=entry.year, formdata=request.form if request.method == "POST" else None,
                         obj=None if request.method == "POST" else entry)
        if request.method == "GET":
            form.month.data = str(entry.month)
            form.meeting_id.data = str(entry.meeting_id) if entry.meeting_id else ""
        form.meeting_id.choices = _meeting_choices(unit.session, entry.committee_id, entry.year)
        status = 200
        if request.method == "POST":
            if form.validate_on_submit():
                try:
                    wheel.update_entry(unit, principal(), entry.id, form.data_for_service())
                except (Invalid, Conflict) as exc:
                    _field_errors(form, exc)
                    flash(exc.detail, "error")
                    status = exc.status
                else:
                    flash("Punktet er gemt. Kalenderne viser ændringen.", "success")
                    return redirect(url_for("calendar_admin.year_page", committee_id=entry.committee_id,
                                            year=entry.year))
            else:
                status = 422
        return render_template("calendar/admin/entry.html", form=form, entry=entry, committee=entry.committee,
                               confirm=ConfirmForm()), status


@admin_bp.post("/aarshjul/punkter/<uuid:entry_id>/slet")
def delete_entry(entry_id: uuid.UUID):
    with uow() as unit:
        entry = wheel.managed_entry(unit.session, principal(), entry_id)
        committee_id, year = entry.committee_id, entry.year
        if ConfirmForm().validate_on_submit():
            wheel.delete_entry(unit, principal(), entry_id)
            flash("Punktet er fjernet fra årshjulet og kalenderne.", "success")
    return redirect(url_for("calendar_admin.year_page", committee_id=committee_id, year=year))


@admin_bp.route("/aarshjul/<uuid:committee_id>/<int:year>/dialogtemaer/<int:month>", methods=["GET", "POST"])
def theme_page(committee_id: uuid.UUID, year: int, month: int):
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise NotFound("Måneden findes ikke.")
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        theme = unit.session.scalar(select(DialogueTheme).where(
            DialogueTheme.committee_id == committee.id, DialogueTheme.year == year, DialogueTheme.month == month))
        form = ThemeForm(formdata=request.form if request.method == "POST" else None)
        if request.method == "GET" and theme is not None:
            form.theme.data, form.place.data = theme.theme, theme.place or ""
            form.partners.data = ", ".join(theme.partners or [])
            form.entry_id.data = str(theme.entry_id) if theme.entry_id else ""
        dialogue = [e for e in wheel.year_entries(unit.session, committee.id, year, include_private=True)
                    if e.kind == "dialogue_meeting"]
        form.entry_id.choices = [("", "(intet dialogmøde endnu)")] + [
            (str(e.id), f"{e.date:%d-%m-%Y}" if e.date else MONTH_NAMES[e.month - 1]) for e in dialogue]
        status = 200
        if request.method == "POST":
            if form.validate_on_submit():
                try:
                    wheel.set_theme(unit, principal(), committee.id, year, month, {
                        "theme": form.theme.data.strip(), "place": (form.place.data or "").strip() or None,
                        "partners": form.partner_list(),
                        "entry_id": uuid.UUID(form.entry_id.data) if form.entry_id.data else None})
                except (Invalid, Conflict) as exc:
                    _field_errors(form, exc)
                    flash(exc.detail, "error")
                    status = exc.status
                else:
                    flash(f"Dialogtemaet for {MONTH_NAMES[month - 1]} er gemt.", "success")
                    return redirect(url_for("calendar_admin.year_page", committee_id=committee.id, year=year))
            else:
                status = 422
        return render_template("calendar/admin/theme.html", form=form, committee=committee, year=year, month=month,
                               month_name=MONTH_NAMES[month - 1], theme=theme, confirm=ConfirmForm()), status


@admin_bp.post("/aarshjul/<uuid:committee_id>/<int:year>/dialogtemaer/<int:month>/slet")
def delete_theme(committee_id: uuid.UUID, year: int, month: int):
    with uow() as unit:
        if ConfirmForm().validate_on_submit():
            try:
                wheel.delete_theme(unit, principal(), committee_id, year, month)
            except NotFound as exc:
                flash(exc.detail, "error")
            else:
                flash("Dialogtemaet er slettet.", "success")
    return redirect(url_for("calendar_admin.year_page", committee_id=committee_id, year=year))


def _rule(form: RolloverForm) -> MeetingRule:
    return MeetingRule(
        weekday=int(form.weekday.data), ordinal=int(form.ordinal.data), start_time=form.start_time.data,
        end_time=form.end_time.data, place=form.place.data.strip(),
        skip_months=SUMMER_BREAK if form.skip_july.data else frozenset(),
        skip_holidays=bool(form.skip_holidays.data), include_closing_days=bool(form.include_closing_days.data),
        dialogue_start_time=form.dialogue_start_time.data)


def _rule_defaults(session, committee: Committee, year: int, form: RolloverForm) -> None:
    """Start from the committee's usual time and place (its last meeting of the year)."""
    meetings = wheel.year_meetings(session, committee.id, year)
    form.to_year.data = year + 1
    if meetings:
        last = meetings[-1]
        form.start_time.data, form.end_time.data, form.place.data = last.start_time, last.end_time, last.place


@admin_bp.route("/aarshjul/<uuid:committee_id>/<int:year>/rul-frem", methods=["GET", "POST"])
def rollover_page(committee_id: uuid.UUID, year: int):
    """Roll the year over: a preview first ('Vis forslag'), then 'Opret' saves exactly that."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound("Året findes ikke i årshjulet.")
    with uow() as unit:
        committee = managed_committee(unit.session, principal(), committee_id)
        form = RolloverForm(from_year=year, formdata=request.form if request.method == "POST" else None)
        if request.method == "GET":
            _rule_defaults(unit.session, committee, year, form)
        plan = None
        status = 200
        if request.method == "POST":
            if form.validate_on_submit():
                rule = _rule(form)
                try:
                    if request.form.get("handling") == "gem":
                        plan = rollover.apply(unit, principal(), committee.id, year, form.to_year.data, rule)
                        flash(f"{plan.new_meeting_count} møder og {plan.new_entry_count} punkter er oprettet i "
                              f"{form.to_year.data}.", "success")
                        return redirect(url_for("calendar_admin.year_page", committee_id=committee.id,
                                                year=form.to_year.data))
                    plan = rollover.preview(unit.session, principal(), committee.id, year, form.to_year.data, rule)
                except (Invalid, Conflict, ValueError) as exc:
                    if isinstance(exc, ValueError):
                        flash("Reglen giver ikke et møde i alle måneder. Vælg en anden.", "error")
                        status = 422
                    else:
                        _field_errors(form, exc)
                        flash(exc.detail, "error")
                        status = exc.status
            else:
                status = 422
        holidays = sorted(days_off(form.to_year.data).items()) if plan is not None else []
        return render_template("calendar/admin/rollover.html", form=form, committee=committee, year=year, plan=plan,
                               month_names=MONTH_NAMES, danish_date=danish_date, holidays=holidays), status


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
        if ConfirmForm().validate_on_submit():
            try:
                record = tokens.revoke_member_token(unit, principal(), member_id)
            except NotFound as exc:
                flash(exc.detail, "error")
            else:
                flash(f"{record.member.name}s kalenderlink er lukket. Det gamle link virker ikke længere.", "success")
        slug = request.form.get("kommune") or ""
    return redirect(url_for("calendar_admin.token_page", **({"kommune": slug} if slug else {})))


PAGES = (bp, admin_bp)
