"""worker heartbeats, outbox notifications

Revision ID: 0003
Revises: 0002
"""

from shared.bus.schema import (
    add_worker_heartbeats_and_outbox_notify,
    drop_worker_heartbeats_and_outbox_notify,
)

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_worker_heartbeats_and_outbox_notify()


def downgrade() -> None:
    drop_worker_heartbeats_and_outbox_notify()
