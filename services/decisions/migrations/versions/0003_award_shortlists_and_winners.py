"""award shortlists and winners

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:00:11.034708
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('award_shortlists',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('round_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('candidates', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_award_shortlists')),
    sa.UniqueConstraint('round_id', name=op.f('uq_award_shortlists_round_id'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award_winner', sa.JSON(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_column('award_winner')

    op.drop_table('award_shortlists')
