"""The member's choice of mails, as a form (Danish, with its CSRF token)."""

from __future__ import annotations

from wtforms import BooleanField

from services.agenda.notices.domain import INVITATIONS, KINDS
from services.agenda.notices.models import NoticePreference
from shared.web.forms import DanishForm


class NoticeSettingsForm(DanishForm):
    receive = BooleanField("Send mig e-mails fra Udvalg")
    agenda = BooleanField(KINDS["agenda"])
    meetings = BooleanField(KINDS["meetings"])
    minutes = BooleanField(KINDS["minutes"])
    signatures = BooleanField(KINDS["signatures"])
    invitations = BooleanField(INVITATIONS)

    def kind_fields(self):
        return [self[kind] for kind in KINDS]

    def chosen_kinds(self) -> set[str]:
        return {kind for kind in KINDS if self[kind].data}


def settings_form(preference: NoticePreference | None, formdata=None) -> NoticeSettingsForm:
    form = NoticeSettingsForm(formdata=formdata)
    if formdata is None:
        form.receive.data = preference is None or preference.stopped_at is None
        for kind in KINDS:
            form[kind].data = preference is None or getattr(preference, kind)
        form.invitations.data = preference is None or preference.invitations
    return form
