"""committee code optional in the copies

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 07:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('committee_copies', schema=None) as batch_op:
        batch_op.alter_column('code', existing_type=sa.String(length=10), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('committee_copies', schema=None) as batch_op:
        batch_op.alter_column('code', existing_type=sa.String(length=10), nullable=False)
