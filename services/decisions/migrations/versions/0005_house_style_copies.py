"""house style: the municipality's wording and sections, the wording an agenda was published with

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('municipality_copies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_style', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('section_template', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('case_number_example', sa.String(length=40), nullable=False, server_default=''))
    with op.batch_alter_table('meeting_copies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_style', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('meeting_copies', schema=None) as batch_op:
        batch_op.drop_column('document_style')
    with op.batch_alter_table('municipality_copies', schema=None) as batch_op:
        batch_op.drop_column('case_number_example')
        batch_op.drop_column('section_template')
        batch_op.drop_column('document_style')
