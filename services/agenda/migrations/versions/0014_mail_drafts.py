"""mail outbox: drafts the sender composes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 09:05:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_column('draft')
