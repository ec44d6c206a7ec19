"""calendar: årshjul entries, dialogue themes, members' feed tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:17:40.343288
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_tokens',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_calendar_tokens_member_id_members')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_tokens')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_calendar_tokens_token_digest'))
    )
    op.create_index(op.f('ix_calendar_tokens_member_id'), 'calendar_tokens', ['member_id'], unique=False)
    op.create_index('uq_calendar_tokens_active_member', 'calendar_tokens', ['member_id'], unique=True, postgresql_where=sa.text('revoked_at IS NULL'), sqlite_where=sa.text('revoked_at IS NULL'))
    op.create_table('wheel_entries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('uid', sa.String(length=100), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('recurring', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=True),
    sa.Column('item_id', sa.Uuid(), nullable=True),
    sa.Column('external_ref', sa.String(length=200), nullable=True),
    sa.Column('deleted_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('meeting', 'dialogue_meeting', 'deadline', 'milestone', 'event')", name=op.f('ck_wheel_entries_kind')),
    sa.CheckConstraint("status IN ('planned', 'cancelled')", name=op.f('ck_wheel_entries_status')),
    sa.CheckConstraint('end_time IS NULL OR (start_time IS NOT NULL AND end_time > start_time)', name=op.f('ck_wheel_entries_times')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_wheel_entries_month')),
    sa.CheckConstraint('start_time IS NULL OR date IS NOT NULL', name=op.f('ck_wheel_entries_time_needs_date')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_wheel_entries_committee_id_committees')),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_wheel_entries_item_id_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_wheel_entries_meeting_id_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wheel_entries')),
    sa.UniqueConstraint('external_ref', name=op.f('uq_wheel_entries_external_ref')),
    sa.UniqueConstraint('uid', name=op.f('uq_wheel_entries_uid'))
    )
    op.create_index('ix_wheel_entries_committee_year', 'wheel_entries', ['committee_id', 'year'], unique=False)
    op.create_index(op.f('ix_wheel_entries_meeting_id'), 'wheel_entries', ['meeting_id'], unique=False)
    op.create_table('dialogue_themes',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=1000), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('partners', sa.JSON(), nullable=False),
    sa.Column('entry_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_dialogue_themes_month')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_dialogue_themes_committee_id_committees')),
    sa.ForeignKeyConstraint(['entry_id'], ['wheel_entries.id'], name=op.f('fk_dialogue_themes_entry_id_wheel_entries'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_themes')),
    sa.UniqueConstraint('committee_id', 'year', 'month', name='uq_dialogue_themes_committee_year_month'),
    sa.UniqueConstraint('entry_id', name='uq_dialogue_themes_entry_id')
    )
    op.create_index(op.f('ix_dialogue_themes_committee_id'), 'dialogue_themes', ['committee_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_dialogue_themes_committee_id'), table_name='dialogue_themes')
    op.drop_table('dialogue_themes')
    op.drop_index(op.f('ix_wheel_entries_meeting_id'), table_name='wheel_entries')
    op.drop_index('ix_wheel_entries_committee_year', table_name='wheel_entries')
    op.drop_table('wheel_entries')
    op.drop_index('uq_calendar_tokens_active_member', table_name='calendar_tokens', postgresql_where=sa.text('revoked_at IS NULL'), sqlite_where=sa.text('revoked_at IS NULL'))
    op.drop_index(op.f('ix_calendar_tokens_member_id'), table_name='calendar_tokens')
    op.drop_table('calendar_tokens')
