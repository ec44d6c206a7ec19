"""history: who did what to a meeting or round, and when

Revision ID: 0007
Revises: 0006
"""

from shared.history import create_history_table, drop_history_table

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_history_table()


def downgrade() -> None:
    drop_history_table()
