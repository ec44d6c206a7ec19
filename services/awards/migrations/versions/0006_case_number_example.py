"""the municipality's own case-number example, for hints

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipality_copies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_number_example', sa.String(length=40), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('municipality_copies', schema=None) as batch_op:
        batch_op.drop_column('case_number_example')
