"""local time folds and feed states

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 04:48:14.200656
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed_states',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('changed_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_feed_states'))
    )
    for table in ('meetings', 'wheel_entries'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('start_fold', sa.Integer(), server_default='0', nullable=False))
            batch_op.add_column(sa.Column('end_fold', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    for table in ('wheel_entries', 'meetings'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('end_fold')
            batch_op.drop_column('start_fold')
    op.drop_table('feed_states')
