"""mail outbox

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 04:09:07.740728
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0008'
down_revision = '0007'
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


def downgrade() -> None:
    op.drop_index(op.f('ix_mail_outbox_scope'), table_name='mail_outbox')
    op.drop_index(op.f('ix_mail_outbox_reference'), table_name='mail_outbox')
    op.drop_index('ix_mail_outbox_pending', table_name='mail_outbox', postgresql_where=sa.text('sent_at IS NULL AND rejected_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL AND rejected_at IS NULL'))
    op.drop_table('mail_outbox')
