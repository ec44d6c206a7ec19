"""mail outbox, notice preferences, unsubscribe links

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 04:00:41.136818
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mail_outbox',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('message', sa.LargeBinary(), nullable=False),
    sa.Column('scope', sa.String(length=100), nullable=True),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rejected_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_mail_outbox_key'))
    )
    op.create_index('ix_mail_outbox_pending', 'mail_outbox', ['next_attempt_at', 'id'], unique=False, postgresql_where=sa.text('sent_at IS NULL AND rejected_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL AND rejected_at IS NULL'))
    op.create_index(op.f('ix_mail_outbox_reference'), 'mail_outbox', ['reference'], unique=False)
    op.create_index(op.f('ix_mail_outbox_scope'), 'mail_outbox', ['scope'], unique=False)
    op.create_table('notice_preferences',
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('agenda', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('meetings', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('minutes', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('signatures', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('invitations', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('stopped_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_notice_preferences_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_notice_preferences'))
    )
    op.create_table('unsubscribe_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_unsubscribe_links_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unsubscribe_links')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_unsubscribe_links_token_digest'))
    )
    op.create_index(op.f('ix_unsubscribe_links_member_id'), 'unsubscribe_links', ['member_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_unsubscribe_links_member_id'), table_name='unsubscribe_links')
    op.drop_table('unsubscribe_links')
    op.drop_table('notice_preferences')
    op.drop_index(op.f('ix_mail_outbox_scope'), table_name='mail_outbox')
    op.drop_index(op.f('ix_mail_outbox_reference'), table_name='mail_outbox')
    op.drop_index('ix_mail_outbox_pending', table_name='mail_outbox', postgresql_where=sa.text('sent_at IS NULL AND rejected_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL AND rejected_at IS NULL'))
    op.drop_table('mail_outbox')
