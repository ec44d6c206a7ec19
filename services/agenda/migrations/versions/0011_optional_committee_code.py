"""committee code optional, committee slug

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 07:40:00.000000
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slug', sa.String(length=80), nullable=True))
    _derive_slugs()
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.alter_column('slug', existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column('code', existing_type=sa.String(length=10), nullable=True)
        batch_op.create_unique_constraint('uq_committees_municipality_slug', ['municipality_id', 'slug'])


def _derive_slugs() -> None:
    connection = op.get_bind()
    committees = sa.table('committees', sa.column('id', sa.Uuid()), sa.column('municipality_id', sa.Uuid()),
                          sa.column('name', sa.String()), sa.column('slug', sa.String()))
    taken: dict = {}
    rows = connection.execute(sa.select(committees.c.id, committees.c.municipality_id, committees.c.name)
                              .order_by(committees.c.name, committees.c.id)).all()
    for committee_id, municipality_id, name in rows:
        used = taken.setdefault(municipality_id, set())
        slug = url_slug(name, used)
        used.add(slug)
        connection.execute(committees.update().where(committees.c.id == committee_id).values(slug=slug))


def url_slug(name: str, taken: set[str]) -> str:
    """domain.slugs.url_slug as of this revision (a migration keeps its own copy)."""
    text = name.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:76].strip("-") or "udvalg"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def downgrade() -> None:
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_constraint('uq_committees_municipality_slug', type_='unique')
        batch_op.alter_column('code', existing_type=sa.String(length=10), nullable=False)
        batch_op.drop_column('slug')
