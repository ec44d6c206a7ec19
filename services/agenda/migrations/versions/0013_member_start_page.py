"""member start page: minutes readings and open award rounds

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 07:55:00.000000
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('minutes_readings',
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('read_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_minutes_readings_member_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_readings_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'meeting_id', name=op.f('pk_minutes_readings'))
    )
    op.create_table('award_round_copies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('closes_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.CheckConstraint("state IN ('open', 'closed')", name=op.f('ck_award_round_copies_state')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_award_round_copies_committee_id_committees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_round_copies'))
    )
    with op.batch_alter_table('award_round_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_round_copies_committee_id'), ['committee_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('award_round_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_award_round_copies_committee_id'))
    op.drop_table('award_round_copies')
    op.drop_table('minutes_readings')
