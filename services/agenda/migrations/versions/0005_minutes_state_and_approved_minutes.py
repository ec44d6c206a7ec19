"""minutes state and approved minutes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 03:43:27.696130
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('approved_minutes',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('approved_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_approved_minutes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_approved_minutes'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_state', sa.String(length=20), nullable=True))
    # Minutes approved before the state was kept are approved.
    op.execute("UPDATE meetings SET minutes_state = 'approved' WHERE minutes_version IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('minutes_state')
    op.drop_table('approved_minutes')
