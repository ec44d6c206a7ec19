"""The notices' pages.

    /mig/beskeder               the member's choice of mails ("Mine e-mails")
    /afmeld/<token>             the link in every mail: stop all mails, no login (GET shows
                                a button; POST stops, also as RFC 8058 one-click from a mail client)
    /sekretariat/e-mails        the secretariat: mail the server refused, mail still waiting
"""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from services.agenda.api.context import principal, uow
from services.agenda.calendar.operations.tokens import own_member
from services.agenda.models import Municipality
from services.agenda.notices import queries, unsubscribe
from services.agenda.notices.forms import settings_form
from services.agenda.notices.models import NoticePreference
from services.agenda.notices.preferences import save_preferences
from services.agenda.notices.recipients import member_address
from services.agenda.web.secretariat import secretaries_only
from shared.danish import long_meeting_datetime
from shared.errors import DomainError, Forbidden
from shared.web.forms import ConfirmForm

bp = Blueprint("notices", __name__, template_folder="templates")
admin_bp = Blueprint("notices_admin", __name__, template_folder="templates", url_prefix="/sekretariat")
admin_bp.before_request(secretaries_only)


def _private(response: Response) -> Response:
    # The unsubscribe page's address is a capability: keep it out of caches (the proxy
    # keeps it out of its access log; same-origin keeps it from other sites' Referer).
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/mig/beskeder", methods=["GET", "POST"])
def settings_page():
    caller = principal()
    if not caller.is_authenticated:
        return redirect(url_for("account.login", next=request.path))
    if caller.member_id is None:
        raise Forbidden("Siden er for udvalgsmedlemmer med en medlemskonto.")
    with uow() as unit:
        member = own_member(unit.session, caller)
        preference = unit.session.get(NoticePreference, member.id)
        form = settings_form(preference, request.form if request.method == "POST" else None)
        status = 200
        if request.method == "POST":
            if form.validate():
                save_preferences(unit, member.id, receive=form.receive.data, kinds=form.chosen_kinds(),
                                 invitations=form.invitations.data)
                return redirect(url_for("notices.settings_page", gemt=1), 303)
            status = 400
        return render_template("notices/settings.html", form=form, member=member,
                               address=member_address(unit.session, member), preference=preference,
                               refused=queries.last_refused_for(unit.session, member.id),
                               saved=request.args.get("gemt") == "1"), status


@bp.route("/afmeld/<token>", methods=["GET", "POST"])
def unsubscribe_page(token: str):
    """A link that is expired or not ours answers with a Danish page and changes nothing."""
    with uow() as unit:
        try:
            if request.method == "POST":
                stopped = unsubscribe.stop_all(unit, token)
                body = render_template("notices/unsubscribed.html", member=stopped.member, already=stopped.already)
                return _private(make_response(body))
            member = unsubscribe.member_for_link(unit.session, token)
        except DomainError as exc:
            body = render_template("notices/unsubscribe_problem.html", detail=exc.detail)
            return _private(make_response(body, exc.status))
        preference = unit.session.get(NoticePreference, member.id)
        return _private(make_response(render_template(
            "notices/unsubscribe.html", member=member, token=token, form=ConfirmForm(),
            already=preference is not None and preference.stopped_at is not None)))


@admin_bp.get("/e-mails")
def mail_page():
    caller = principal()
    with uow() as unit:
        municipality = None if caller.is_admin else unit.session.get(Municipality, caller.municipality_id)
        scope = str(municipality.id) if municipality else None
        return render_template("notices/admin_mail.html", refused=queries.refused_mail(unit.session, scope),
                               waiting=queries.waiting_mail(unit.session, scope),
                               zone=municipality.timezone if municipality else "UTC")


@admin_bp.app_template_filter("local_time")
def _local_time(value, zone: str) -> str:
    return long_meeting_datetime(value, zone)


PAGES = (bp, admin_bp)
