"""house style: document wording per municipality; agenda rules stored in full

Municipalities registered before this revision had their agenda rules partly implicit
(an empty dict meant the code's defaults of the time). Those defaults are written into
each row now, so that changing the defaults for new municipalities changes nothing for
existing ones. The case-number example and the recommendation's lead-in are taken from
the municipality's own items (the most recent matching case number, the most used
lead-in), never from another municipality.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:00:00
"""

import re
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_OLD_RULES = {
    "first_number": 1,
    "numbering": "per_meeting",
    "first_item_title": "Godkendelse af dagsorden",
    "last_item_title": "Eventuelt",
    "case_number_pattern": r"^\d{2}/\d{1,6}$",
}

municipalities = sa.table(
    "municipalities", sa.column("id", sa.Uuid()), sa.column("agenda_rules", sa.JSON()),
    sa.column("section_template", sa.JSON()))
items = sa.table(
    "items", sa.column("municipality_id", sa.Uuid()), sa.column("case_number", sa.String()),
    sa.column("recommendation", sa.JSON()), sa.column("created_at", sa.DateTime()))


def upgrade() -> None:
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_style', sa.JSON(), nullable=False, server_default='{}'))
    connection = op.get_bind()
    for row in connection.execute(sa.select(municipalities)).all():
        rules = {**_OLD_RULES, **(row.agenda_rules or {})}
        rules["closed_items"] = "last" if rules.pop("closed_items_last", True) else "first"
        own = connection.execute(
            sa.select(items.c.case_number, items.c.recommendation)
            .where(items.c.municipality_id == row.id).order_by(items.c.created_at.desc())).all()
        if "case_number_example" not in rules:
            pattern = re.compile(rules["case_number_pattern"]) if rules["case_number_pattern"] else None
            rules["case_number_example"] = next(
                (number for number, _ in own if number and (pattern is None or pattern.fullmatch(number))), "")
        intros = Counter((recommendation or {}).get("intro") for _, recommendation in own)
        intros.pop(None, None)
        intro = intros.most_common(1)[0][0] if intros else ""
        template = [dict(spec) for spec in row.section_template or []]
        for spec in template:
            if spec.get("kind") == "recommendation" and "default_text" not in spec:
                spec["default_text"] = intro
        connection.execute(sa.update(municipalities).where(municipalities.c.id == row.id)
                           .values(agenda_rules=rules, section_template=template))


def downgrade() -> None:
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('document_style')
