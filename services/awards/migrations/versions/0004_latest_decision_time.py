"""latest decision time

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 03:49:01.911054
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('award_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_recorded_at', shared.db.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('award_rounds', schema=None) as batch_op:
        batch_op.drop_column('decision_recorded_at')
