"""The iCal feeds: which meetings and årshjul entries each feed holds, how each becomes an
event, and the in-process cache that keeps repeated fetches from rebuilding.

Feeds read the agenda database directly (same service), so a meeting moved or cancelled
through the service layer, or an entry upserted from another service's event, is in the
next response without any manual step.

Last-Modified is the time the feed's bytes last changed, kept per feed in feed_states
(body_changed_at): a body can change while no row it shows does (a member leaves a
committee, a row is deleted), so a time derived from the rows alone could stand still
while the ETag moves, and a client asking If-Modified-Since would keep the old body.

Caching. A feed's *version* is read with one aggregate query: for its committees, the
count and latest updated_at of meetings and årshjul entries (deleted entries are kept,
see the model), and the latest updated_at of the committees, the municipality and, for a
member's feed, the member. Any change that can alter the bytes moves the version, so the
cache rebuilds exactly when needed. Public feeds skip even that query for up to
REVALIDATE_SECONDS, unless this process committed a change to calendar data in between
(SQLAlchemy session events bump a process-wide generation): a change made in this process
shows at once, one made by another worker process within REVALIDATE_SECONDS. Private
feeds do the same once their token has been checked against the database, which they do
on every request: a revoked link is refused at once, in every process.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time as clock
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

from sqlalchemy import event, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from services.agenda.calendar.domain.ical import FeedCalendar, FeedEvent, build_calendar
from services.agenda.calendar.domain.wheel import KIND_NAMES
from services.agenda.calendar.models import CalendarToken, DialogueTheme, FeedState, WheelEntry
from services.agenda.models import (
    AgendaVersion,
    Committee,
    Meeting,
    Member,
    Membership,
    Municipality,
)
from services.agenda.presenters import municipality_style, public_item, with_display_title
from shared.db.types import utcnow
from shared.db.uow import UnitOfWork
from shared.housestyle import DocumentStyle, item_title
from shared.localtime import at

REVALIDATE_SECONDS = 1.0
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FEED_DESCRIPTION = "Møder, dialogmøder og milepæle fra årshjulet. Opdateres automatisk."


@dataclass(frozen=True)
class EventLinks:
    """Where an event's URL and DESCRIPTION point. The pages make these (only they know the
    public origin and the service's mount point); tests and the benchmark pass their own."""

    meeting: Callable[[Meeting], str]  # the meeting's public page: agenda and minutes
    wheel: Callable[[Committee, int], str]  # the committee's årshjul for a year


# --- what a feed covers ------------------------------------------------------------------

@dataclass(frozen=True)
class FeedScope:
    key: tuple
    name: str
    timezone: str
    committee_ids: tuple[uuid.UUID, ...]
    include_private: bool = False  # entries that are not public, closed items' titles
    member_id: uuid.UUID | None = None
    several_committees: bool = False


def committee_scope(committee: Committee) -> FeedScope:
    return FeedScope(key=("committee", committee.id), name=f"{committee.name} – møder",
                     timezone=committee.municipality.timezone, committee_ids=(committee.id,))


def municipality_scope(municipality: Municipality, committees: list[Committee]) -> FeedScope:
    return FeedScope(key=("municipality", municipality.id), name=f"{municipality.name} – udvalgsmøder",
                     timezone=municipality.timezone, committee_ids=tuple(sorted(c.id for c in committees)),
                     several_committees=True)


def member_key(member_id: uuid.UUID) -> tuple:
    return ("member", member_id)


def member_scope(member: Member, committees: list[Committee], zone: str) -> FeedScope:
    return FeedScope(key=member_key(member.id), name=f"{member.name} – mine udvalg", timezone=zone,
                     committee_ids=tuple(sorted(c.id for c in committees)), include_private=True,
                     member_id=member.id, several_committees=len(committees) > 1)


def feed_version(session: Session, scope: FeedScope) -> tuple:
    """Everything the feed's bytes depend on, in one query (see the module's docstring)."""
    ids = list(scope.committee_ids)
    columns = [
        select(func.count(Meeting.id)).where(Meeting.committee_id.in_(ids)).scalar_subquery(),
        select(func.max(Meeting.updated_at)).where(Meeting.committee_id.in_(ids)).scalar_subquery(),
        select(func.count(WheelEntry.id)).where(WheelEntry.committee_id.in_(ids)).scalar_subquery(),
        select(func.max(WheelEntry.updated_at)).where(WheelEntry.committee_id.in_(ids)).scalar_subquery(),
        select(func.max(Committee.updated_at)).where(Committee.id.in_(ids)).scalar_subquery(),
        select(func.max(Municipality.updated_at)).join(Committee, Committee.municipality_id == Municipality.id)
        .where(Committee.id.in_(ids)).scalar_subquery(),
    ]
    if scope.member_id is not None:
        columns.append(select(Member.updated_at).where(Member.id == scope.member_id).scalar_subquery())
    row = session.execute(select(*columns)).one()
    return (scope.key, scope.committee_ids, *row)


def last_modified_of(version: tuple) -> datetime:
    stamps = [value for value in version if isinstance(value, datetime)]
    return max(stamps, default=EPOCH)


# --- Last-Modified --------------------------------------------------------------------------

def next_change_stamp(previous: datetime, derived: datetime, now: datetime) -> datetime:
    """Last-Modified for a body unlike the one last stamped `previous`. It must come after
    `previous` in whole seconds (an HTTP date has no fractions), or a client holding the
    old body would be told by If-Modified-Since that nothing changed. The rows' own latest
    change (`derived`) is the truth when it is later; a body can also change with no row
    newer than before (a membership ended or removed, a committee left the feed), and then
    it changed now."""
    floor = previous.replace(microsecond=0) + timedelta(seconds=1)
    candidate = derived if derived.replace(microsecond=0) >= floor else now
    return max(candidate.replace(microsecond=0), floor)


def body_changed_at(reading: Session, writer: Callable[[], UnitOfWork], key: str, body: bytes,
                    derived: datetime) -> datetime:
    """When the feed `key` last got a different body: kept in feed_states, so every worker
    process answers the same Last-Modified, and moved on whenever the bytes change. The
    request only reads (`reading`); a new body is stamped in a short unit of work of its
    own (`writer`), which waits for no reader."""
    digest = hashlib.sha256(body).hexdigest()
    state = reading.get(FeedState, key)
    if state is not None and state.digest == digest:
        return state.changed_at
    with writer() as uow:
        return _stamp(uow, key, digest, derived)


def _stamp(uow: UnitOfWork, key: str, digest: str, derived: datetime) -> datetime:
    session = uow.session
    state = session.get(FeedState, key)
    if state is not None and state.digest == digest:
        return state.changed_at
    if state is None:
        stamp = derived.replace(microsecond=0)
        try:
            with session.begin_nested():
                session.add(FeedState(key=key, digest=digest, changed_at=stamp))
        except IntegrityError:
            # Another worker stamped the feed first: take its state and compare with that.
            return _stamp(uow, key, digest, derived)
    else:
        stamp = next_change_stamp(state.changed_at, derived, utcnow())
        state.digest, state.changed_at = digest, stamp
    uow.commit()
    return stamp


def state_key(scope_key: tuple) -> str:
    """The feed's key in feed_states, e.g. 'committee:<id>'."""
    return ":".join(str(part) for part in scope_key)


# --- events ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublishedAgenda:
    """A published agenda's items and the wording they were published with."""

    items: list[dict]
    style: DocumentStyle = field(default_factory=DocumentStyle)


def _agendas(session: Session, meeting_ids: list[uuid.UUID]) -> dict[uuid.UUID, PublishedAgenda]:
    """The latest published agenda of each meeting (what members and the public were shown)."""
    if not meeting_ids:
        return {}
    rows = session.execute(
        select(AgendaVersion.meeting_id, AgendaVersion.snapshot)
        .join(Meeting, (Meeting.id == AgendaVersion.meeting_id) & (Meeting.agenda_version == AgendaVersion.version))
        .where(AgendaVersion.meeting_id.in_(meeting_ids)))
    return {meeting_id: PublishedAgenda(snapshot.get("items", []), DocumentStyle.from_dict(snapshot.get("style")))
            for meeting_id, snapshot in rows}


def agenda_lines(agenda: PublishedAgenda, *, include_closed_titles: bool) -> list[str]:
    """'8. JA - Titel'; of a closed item the public sees what the municipality shows of it
    (by default only the marker), a member of the committee its title with the marker."""
    lines = []
    for item in agenda.items:
        if item.get("closed") and include_closed_titles:
            title = item_title(agenda.style, item["owner_code"], item["title"], closed=True)
        elif item.get("closed"):
            title = public_item(item, agenda.style)["display_title"]
        else:
            title = with_display_title(item, agenda.style)["display_title"]
        lines.append(f"{item['number']}. {title}")
    return lines


def meeting_event(meeting: Meeting, agenda: PublishedAgenda | None, links: EventLinks, *,
                  include_closed_titles: bool) -> FeedEvent:
    committee = meeting.committee
    zone = committee.municipality.timezone
    link = links.meeting(meeting)
    place_label = municipality_style(committee.municipality).place_label
    lines = [committee.name, f"{place_label}: {meeting.place}"]
    cancelled = meeting.status == "cancelled"
    if cancelled:
        lines.append("Mødet er aflyst." + (f" Begrundelse: {meeting.cancel_reason}" if meeting.cancel_reason else ""))
    lines.append("")
    if agenda and agenda.items:
        lines.append("Dagsorden:")
        lines.extend(agenda_lines(agenda, include_closed_titles=include_closed_titles))
    else:
        lines.append("Dagsordenen er ikke offentliggjort endnu.")
    lines += ["", f"Dagsorden og referat: {link}"]
    return FeedEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        summary=f"Møde i {committee.name}",
        start=at(meeting.date, meeting.start_time, zone, meeting.start_fold),
        end=at(meeting.date, meeting.end_time, zone, meeting.end_fold) if meeting.end_time else None,
        created=meeting.created_at,
        modified=meeting.updated_at,
        description="\n".join(lines),
        location=meeting.place,
        url=link,
        cancelled=cancelled,
        categories=("Udvalgsmøde",),
        # A closed item's title is for the committee only: the client must not share it.
        classification="CONFIDENTIAL" if include_closed_titles and any(i.get("closed") for i in (agenda.items if agenda else ()))
        else "PUBLIC",
    )


def entry_event(entry: WheelEntry, links: EventLinks, *, several_committees: bool) -> FeedEvent:
    committee = entry.committee
    zone = committee.municipality.timezone
    theme: DialogueTheme | None = entry.theme
    lines = [f"{committee.name} · {KIND_NAMES[entry.kind]}"]
    if theme is not None:
        lines.append(f"Tema: {theme.theme}")
        if theme.partners:
            lines.append("Med: " + ", ".join(theme.partners))
    place = entry.place or (theme.place if theme is not None else None)
    if place:
        lines.append(f"Sted: {place}")
    if entry.owner:
        lines.append(f"Ansvarlig: {entry.owner}")
    if entry.description:
        lines += ["", entry.description]
    link = links.meeting(entry.meeting) if entry.meeting is not None else links.wheel(committee, entry.year)
    lines += ["", ("Mødet: " if entry.meeting is not None else "Årshjulet: ") + link]
    day = entry.date
    if day is None:
        raise ValueError("Only dated årshjul entries belong in a feed.")
    start: datetime | date
    end: datetime | date | None
    if entry.start_time is not None:
        start = at(day, entry.start_time, zone, entry.start_fold)
        end = at(day, entry.end_time, zone, entry.end_fold) if entry.end_time else None
    else:
        start, end = day, day + timedelta(days=1)
    summary = f"{committee.label}: {entry.title}" if several_committees else entry.title
    return FeedEvent(
        uid=entry.uid,
        sequence=entry.sequence,
        summary=summary,
        start=start,
        end=end,
        created=entry.created_at,
        modified=entry.updated_at,
        description="\n".join(lines),
        location=entry.place or (theme.place if theme else None),
        url=link,
        cancelled=entry.status == "cancelled",
        categories=(KIND_NAMES[entry.kind],),
        classification="PUBLIC" if entry.public else "PRIVATE",
    )


def feed_events(session: Session, scope: FeedScope, links: EventLinks) -> list[FeedEvent]:
    ids = list(scope.committee_ids)
    meetings = list(session.scalars(
        select(Meeting).where(Meeting.committee_id.in_(ids))
        .options(joinedload(Meeting.committee).joinedload(Committee.municipality))
        .order_by(Meeting.date, Meeting.start_time, Meeting.uid)))
    agendas = _agendas(session, [m.id for m in meetings if m.agenda_version])
    entry_query = (
        select(WheelEntry)
        .where(WheelEntry.committee_id.in_(ids), WheelEntry.deleted_at.is_(None), WheelEntry.date.is_not(None),
               # An entry for a meeting stands for it, and the meeting is in the feed itself.
               or_(WheelEntry.kind != "meeting", WheelEntry.meeting_id.is_(None)))
        .options(joinedload(WheelEntry.committee).joinedload(Committee.municipality),
                 selectinload(WheelEntry.theme), selectinload(WheelEntry.meeting))
        .order_by(WheelEntry.date, WheelEntry.start_time, WheelEntry.uid))
    if not scope.include_private:
        entry_query = entry_query.where(WheelEntry.public.is_(True))
    events = [meeting_event(m, agendas.get(m.id), links, include_closed_titles=scope.include_private)
              for m in meetings]
    events += [entry_event(e, links, several_committees=scope.several_committees) for e in session.scalars(entry_query)]
    return sorted(events, key=lambda e: (e.start.isoformat() if isinstance(e.start, datetime)
                                         else e.start.isoformat() + "T00", e.uid))


def build_feed(session: Session, scope: FeedScope, links: EventLinks) -> bytes:
    return build_calendar(FeedCalendar(name=scope.name, timezone=scope.timezone, description=FEED_DESCRIPTION,
                                       events=feed_events(session, scope, links)))


def single_meeting_ics(meeting: Meeting, agenda: PublishedAgenda | None, links: EventLinks) -> bytes:
    """One meeting as its own .ics (public content), e.g. to send after a short-notice move."""
    event_ = meeting_event(meeting, agenda, links, include_closed_titles=False)
    return build_calendar(FeedCalendar(name=f"Møde i {meeting.committee.name}",
                                       timezone=meeting.committee.municipality.timezone, events=[event_]))


def meeting_agenda(session: Session, meeting: Meeting) -> PublishedAgenda | None:
    return _agendas(session, [meeting.id]).get(meeting.id) if meeting.agenda_version else None


# --- the cache ----------------------------------------------------------------------------

# Bumped after every commit, in this process, that changed data a feed shows.
_CALENDAR_MODELS = (Meeting, WheelEntry, DialogueTheme, Committee, Municipality, Member, Membership,
                    CalendarToken, AgendaVersion)
_counter = itertools.count(1)
_generation = next(_counter)


def generation() -> int:
    return _generation


def watch_calendar_changes(session_factory) -> None:
    """Bump the generation after every commit of this service's sessions that changed data
    a feed shows (the other services' sessions in the same process are not watched)."""
    event.listen(session_factory, "after_flush", _note_calendar_change)
    event.listen(session_factory, "after_commit", _bump_generation)
    event.listen(session_factory, "after_rollback", _forget_change)


def _note_calendar_change(session: Session, _context) -> None:
    if any(isinstance(obj, _CALENDAR_MODELS) for obj in itertools.chain(session.new, session.dirty, session.deleted)):
        session.info["calendar_changed"] = True


def _bump_generation(session: Session) -> None:
    global _generation
    if session.info.pop("calendar_changed", False):
        _generation = next(_counter)


def _forget_change(session: Session) -> None:
    session.info.pop("calendar_changed", None)


@dataclass
class CachedFeed:
    version: tuple
    body: bytes
    etag: str  # quoted, as sent
    last_modified: datetime
    last_modified_http: str
    generation: int
    checked_at: float = field(default_factory=clock.monotonic)


def cached_feed(version: tuple, body: bytes, seen_generation: int, last_modified: datetime) -> CachedFeed:
    modified = last_modified.astimezone(UTC).replace(microsecond=0)
    return CachedFeed(version=version, body=body, etag='"' + hashlib.sha256(body).hexdigest()[:40] + '"',
                      last_modified=modified, last_modified_http=format_datetime(modified, usegmt=True),
                      generation=seen_generation)


class FeedCache:
    """Built feeds by scope key, least recently used dropped past max_entries."""

    def __init__(self, max_entries: int = 512, revalidate_seconds: float = REVALIDATE_SECONDS) -> None:
        self._entries: OrderedDict[tuple, CachedFeed] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.revalidate_seconds = revalidate_seconds
        self.builds = 0

    def fresh(self, key: tuple) -> CachedFeed | None:
        """The cached feed if nothing this process did could have changed it and it was
        checked against the database within revalidate_seconds."""
        found = self._entries.get(key)
        if (found is not None and found.generation == _generation
                and clock.monotonic() - found.checked_at < self.revalidate_seconds):
            return found
        return None

    def current(self, key: tuple, version: tuple, seen_generation: int, build) -> CachedFeed:
        """The cached feed for this version, or a new one from build() (the bytes and
        their Last-Modified)."""
        found = self._entries.get(key)
        if found is not None and found.version == version:
            found.generation, found.checked_at = seen_generation, clock.monotonic()
            return found
        body, modified = build()
        feed = cached_feed(version, body, seen_generation, modified)
        with self._lock:
            self.builds += 1
            self._entries[key] = feed
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return feed

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
