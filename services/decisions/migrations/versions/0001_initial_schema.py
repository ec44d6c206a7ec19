"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:45:22.911969
"""

from alembic import op
import sqlalchemy as sa
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


def downgrade() -> None:
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
