"""worker heartbeats, outbox notifications

Revision ID: 0004
Revises: 0003
"""

from shared.bus.schema import (
    add_worker_heartbeats_and_outbox_notify,
    drop_worker_heartbeats_and_outbox_notify,
)

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_worker_heartbeats_and_outbox_notify()


def downgrade() -> None:
    drop_worker_heartbeats_and_outbox_notify()
