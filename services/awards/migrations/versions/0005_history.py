"""history: who did what to a meeting or round, and when

Revision ID: 0005
Revises: 0004
"""

from shared.history import create_history_table, drop_history_table

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_history_table()


def downgrade() -> None:
    drop_history_table()
