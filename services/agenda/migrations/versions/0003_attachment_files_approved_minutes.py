"""attachment files, approved minutes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:46:00.556747
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attachment_files',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_attachment_files_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment_files')),
    sa.UniqueConstraint('item_id', 'filename', name='uq_attachment_files_item_filename')
    )
    with op.batch_alter_table('attachment_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_files_item_id'), ['item_id'], unique=False)

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('minutes_approved_at', shared.db.types.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('minutes_approved_at')
        batch_op.drop_column('minutes_version')

    with op.batch_alter_table('attachment_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_files_item_id'))

    op.drop_table('attachment_files')
