"""municipality document templates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:54:53.791460
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_templates',
    sa.Column('municipality_slug', sa.String(length=60), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('municipality_slug', name=op.f('pk_document_templates'))
    )


def downgrade() -> None:
    op.drop_table('document_templates')
