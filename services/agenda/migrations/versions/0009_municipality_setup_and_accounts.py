"""municipality setup, accounts, password links

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 03:42:34.659557
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import shared.db.types
from shared.events import build_envelope

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('password_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('expires_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_links_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_links')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_password_links_token_digest'))
    )
    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_links_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('default_place', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('default_start_time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))

    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=300),
               nullable=True)

    _announce_existing_accounts()


def _announce_existing_accounts() -> None:
    """The other services learn of accounts from events: announce the ones that exist, so
    their login sessions hold in every service from this version on."""
    connection = op.get_bind()
    users = sa.table('users', sa.column('id', sa.Uuid()), sa.column('name', sa.String()),
                     sa.column('role', sa.String()), sa.column('municipality_id', sa.Uuid()),
                     sa.column('member_id', sa.Uuid()), sa.column('active', sa.Boolean()),
                     sa.column('session_generation', sa.Integer()))
    municipalities = sa.table('municipalities', sa.column('id', sa.Uuid()), sa.column('active', sa.Boolean()))
    outbox = sa.table('outbox', sa.column('event_id', sa.String()), sa.column('event_type', sa.String()),
                      sa.column('envelope', sa.JSON()), sa.column('created_at', shared.db.types.UTCDateTime()),
                      sa.column('attempts', sa.Integer()))
    now = datetime.now(UTC)
    query = sa.select(users, municipalities.c.active.label('municipality_active')).select_from(
        users.outerjoin(municipalities, users.c.municipality_id == municipalities.c.id))
    for user in connection.execute(query).mappings().all():
        envelope = build_envelope('agenda.account.changed.v1', {'account': {
            'id': user['id'], 'name': user['name'], 'role': user['role'],
            'municipality_id': user['municipality_id'], 'member_id': user['member_id'],
            'active': bool(user['active']) and user['municipality_active'] is not False,
            'session_generation': user['session_generation'], 'updated_at': now}},
            source='/udvalg/agenda', subject=f"accounts/{user['id']}")
        connection.execute(sa.insert(outbox).values(event_id=envelope['id'], event_type=envelope['type'],
                                                    envelope=envelope, created_at=now, attempts=0))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=300),
               nullable=False)
        batch_op.drop_column('session_generation')

    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('active')
        batch_op.drop_column('address')

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_column('closed_on')
        batch_op.drop_column('default_start_time')
        batch_op.drop_column('default_place')

    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_links_user_id'))

    op.drop_table('password_links')
