"""E-mail that is sent exactly once and never lost: a mail outbox and its sender.

    tables.py     the mail_outbox table a service keeps in its own database
    compose.py    a Letter (plain text, HTML, an optional iTIP invitation) as an RFC 5322 message
    outbox.py     enqueue(): a row in the same transaction as the change the mail reports
    transport.py  SMTP (smtplib, STARTTLS, login) and the embedded default's Maildir
    sender.py     sends due rows oldest first, marks each sent once the server accepted it,
                  backs off while the server is away, records an address the server rejects
    config.py     the settings, read from the environment
    setup.py      what a service's runtime holds of all this, and the sender's thread

A service writes a row with enqueue() inside its unit of work; nothing else talks to the
mail server. The row is keyed, so the same notice enqueued twice (a redelivered event)
adds nothing.
"""
