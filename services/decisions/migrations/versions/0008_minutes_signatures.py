"""minutes signatures: members present sign the approved minutes, with or without a reservation

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('minutes_signatures',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('signed_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reservation_item_id', sa.Uuid(), nullable=True),
    sa.Column('reservation_text', sa.Text(), nullable=True),
    sa.Column('voided_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('(reservation_item_id IS NULL) = (reservation_text IS NULL)',
                       name=op.f('ck_minutes_signatures_reservation_whole')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_copies.id'],
                            name=op.f('fk_minutes_signatures_meeting_id_meeting_copies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_signatures')),
    sa.UniqueConstraint('meeting_id', 'version', 'member_id', name='uq_minutes_signatures_meeting_version_member')
    )
    with op.batch_alter_table('minutes_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_signatures_meeting_id'), ['meeting_id'], unique=False)
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signatures_reminded_at', shared.db.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('signatures_reminded_at')
    with op.batch_alter_table('minutes_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_signatures_meeting_id'))
    op.drop_table('minutes_signatures')
