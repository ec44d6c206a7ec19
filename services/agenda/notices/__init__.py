"""E-mail notices to committee members, driven by the events the services already emit.

Part of the agenda service, which knows the members, their addresses and their
committees. A handler turns an event (agenda published or changed, meeting planned,
moved or cancelled, minutes approved or corrected, minutes waiting for signatures) into
one mail per member of the committee on the meeting's date who wants it, in the mail
outbox (shared/mail), in the same transaction as the event's inbox row.

    models.py        preferences, unsubscribe links, the mail outbox table
    domain.py        plain rules: notice kinds, what changed between two agendas
    recipients.py    who is told: the committee's members on the day, with address and wishes
    letters.py       the Danish mails (templates in mail/) and their iTIP invitations
    handlers.py      the event handlers
    links.py         absolute links in mails (no request to build them from)
    unsubscribe.py   the link in every mail that stops all mails without logging in
    preferences.py   the member's choices
    pages.py         "Mine e-mails", the unsubscribe page, the secretariat's undelivered mail
"""
