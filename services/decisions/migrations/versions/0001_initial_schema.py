"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:49:15.408604
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('committee_copies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('municipality_slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_copies'))
    )
    with op.batch_alter_table('committee_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_copies_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('dead_letters',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('envelope', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('replayed_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dead_letters'))
    )
    op.create_table('inbox',
    sa.Column('consumer', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('handled_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'event_id', name='pk_inbox')
    )
    op.create_table('municipality_copies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipality_copies')),
    sa.UniqueConstraint('slug', name=op.f('uq_municipality_copies_slug'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('envelope', sa.JSON(), nullable=False),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_id'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_unpublished', ['id'], unique=False, postgresql_where='published_at IS NULL')

    op.create_table('meeting_copies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('municipality_slug', sa.String(length=60), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('starts_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('timezone', sa.String(length=60), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('agenda_version', sa.Integer(), nullable=False),
    sa.Column('section_template', sa.JSON(), nullable=False),
    sa.Column('source_updated_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committee_copies.id'], name=op.f('fk_meeting_copies_committee_id_committee_copies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_copies'))
    )
    with op.batch_alter_table('meeting_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_copies_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_copies_municipality_slug'), ['municipality_slug'], unique=False)

    op.create_table('agenda_item_copies',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('owner_code', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('recommendation', sa.JSON(), nullable=True),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('committees', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_copies.id'], name=op.f('fk_agenda_item_copies_meeting_id_meeting_copies')),
    sa.PrimaryKeyConstraint('meeting_id', 'item_id', name=op.f('pk_agenda_item_copies'))
    )
    op.create_table('attendances',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('party', sa.String(length=5), nullable=True),
    sa.Column('absent', sa.Boolean(), nullable=False),
    sa.Column('substitute', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_copies.id'], name=op.f('fk_attendances_meeting_id_meeting_copies')),
    sa.PrimaryKeyConstraint('meeting_id', 'member_id', name=op.f('pk_attendances'))
    )
    op.create_table('decisions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('point_answers', sa.JSON(), nullable=False),
    sa.Column('not_taking_part', sa.JSON(), nullable=False),
    sa.Column('minority', sa.Text(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_copies.id'], name=op.f('fk_decisions_meeting_id_meeting_copies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('meeting_id', 'item_id', name='uq_decisions_meeting_item')
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes',
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("state IN ('open', 'approved', 'correcting')", name=op.f('ck_minutes_state')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_copies.id'], name=op.f('fk_minutes_meeting_id_meeting_copies')),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_minutes'))
    )
    op.create_table('minutes_versions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('approved_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.Uuid(), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_copies.id'], name=op.f('fk_minutes_versions_meeting_id_meeting_copies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_versions')),
    sa.UniqueConstraint('meeting_id', 'version', name='uq_minutes_versions_meeting_version')
    )
    with op.batch_alter_table('minutes_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_versions_meeting_id'), ['meeting_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('minutes_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_versions_meeting_id'))

    op.drop_table('minutes_versions')
    op.drop_table('minutes')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_item_id'))

    op.drop_table('decisions')
    op.drop_table('attendances')
    op.drop_table('agenda_item_copies')
    with op.batch_alter_table('meeting_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_copies_municipality_slug'))
        batch_op.drop_index(batch_op.f('ix_meeting_copies_committee_id'))

    op.drop_table('meeting_copies')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_unpublished', postgresql_where='published_at IS NULL')

    op.drop_table('outbox')
    op.drop_table('municipality_copies')
    op.drop_table('inbox')
    op.drop_table('dead_letters')
    with op.batch_alter_table('committee_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_copies_municipality_id'))

    op.drop_table('committee_copies')
