"""rounds nominations scores

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:51:25.134186
"""

import sqlalchemy as sa
from alembic import op

import shared.db.types

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('committee_copies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_copies'))
    )
    with op.batch_alter_table('committee_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_copies_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('meeting_copies',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('starts_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source_updated_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committee_copies.id'], name=op.f('fk_meeting_copies_committee_id_committee_copies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_copies'))
    )
    with op.batch_alter_table('meeting_copies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_copies_committee_id'), ['committee_id'], unique=False)

    op.create_table('award_rounds',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('prize_amount', sa.Integer(), nullable=False),
    sa.Column('budget_lines', sa.JSON(), nullable=False),
    sa.Column('opens_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=True),
    sa.Column('meeting_id', sa.Uuid(), nullable=True),
    sa.Column('ceremony_on', sa.Date(), nullable=True),
    sa.Column('ceremony_time', sa.Time(), nullable=True),
    sa.Column('ceremony_place', sa.String(length=300), nullable=True),
    sa.Column('shortlist_size', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('closed_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('agenda_item_id', sa.Uuid(), nullable=True),
    sa.Column('winner_id', sa.Uuid(), nullable=True),
    sa.Column('winner_reason', sa.Text(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('personal_data_deleted_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('open', 'closed', 'decided')", name=op.f('ck_award_rounds_state')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_award_rounds_window')),
    sa.CheckConstraint('prize_amount >= 0', name=op.f('ck_award_rounds_prize')),
    sa.CheckConstraint('shortlist_size BETWEEN 1 AND 20', name=op.f('ck_award_rounds_shortlist_size')),
    sa.ForeignKeyConstraint(['committee_id'], ['committee_copies.id'], name=op.f('fk_award_rounds_committee_id_committee_copies')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting_copies.id'], name=op.f('fk_award_rounds_meeting_id_meeting_copies')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality_copies.id'], name=op.f('fk_award_rounds_municipality_id_municipality_copies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_rounds')),
    sa.UniqueConstraint('agenda_item_id', name=op.f('uq_award_rounds_agenda_item_id')),
    sa.UniqueConstraint('municipality_id', 'year', name='uq_award_rounds_municipality_year')
    )
    with op.batch_alter_table('award_rounds', schema=None) as batch_op:
        batch_op.create_index('uq_award_rounds_one_open', ['municipality_id'], unique=True, postgresql_where=sa.text("state = 'open'"), sqlite_where=sa.text("state = 'open'"))

    op.create_table('nominations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('round_id', sa.Uuid(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('submission_id', sa.Uuid(), nullable=False),
    sa.Column('submitted_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('company_name', sa.String(length=200), nullable=False),
    sa.Column('cvr', sa.String(length=8), nullable=False),
    sa.Column('company_address', sa.String(length=300), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('nominator_name', sa.String(length=200), nullable=True),
    sa.Column('nominator_email', sa.String(length=254), nullable=True),
    sa.Column('nominator_phone', sa.String(length=30), nullable=True),
    sa.Column('consent_text', sa.Text(), nullable=False),
    sa.Column('attachment_name', sa.String(length=200), nullable=True),
    sa.Column('attachment_type', sa.String(length=100), nullable=True),
    sa.Column('attachment', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('invalid_reason', sa.Text(), nullable=True),
    sa.Column('merged_into_id', sa.Uuid(), nullable=True),
    sa.Column('anonymised_at', shared.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status = 'received' OR invalid_reason IS NOT NULL", name=op.f('ck_nominations_invalid_reason')),
    sa.CheckConstraint("status IN ('received', 'invalid')", name=op.f('ck_nominations_status')),
    sa.ForeignKeyConstraint(['merged_into_id'], ['nominations.id'], name=op.f('fk_nominations_merged_into_id_nominations')),
    sa.ForeignKeyConstraint(['round_id'], ['award_rounds.id'], name=op.f('fk_nominations_round_id_award_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominations')),
    sa.UniqueConstraint('reference', name=op.f('uq_nominations_reference')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_nominations_submission_id'))
    )
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nominations_nominator_email'), ['nominator_email'], unique=False)
        batch_op.create_index('ix_nominations_round_cvr', ['round_id', 'cvr'], unique=False)
        batch_op.create_index(batch_op.f('ix_nominations_round_id'), ['round_id'], unique=False)

    op.create_table('scores',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('candidate_id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('criterion', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('scored_at', shared.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('criterion >= 0', name=op.f('ck_scores_criterion')),
    sa.CheckConstraint('value BETWEEN 0 AND 5', name=op.f('ck_scores_value')),
    sa.ForeignKeyConstraint(['candidate_id'], ['nominations.id'], name=op.f('fk_scores_candidate_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scores')),
    sa.UniqueConstraint('candidate_id', 'member_id', 'criterion', name='uq_scores_candidate_member_criterion')
    )
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scores_candidate_id'), ['candidate_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scores_candidate_id'))

    op.drop_table('scores')
    with op.batch_alter_table('nominations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nominations_round_id'))
        batch_op.drop_index('ix_nominations_round_cvr')
        batch_op.drop_index(batch_op.f('ix_nominations_nominator_email'))

    op.drop_table('nominations')
    with op.batch_alter_table('award_rounds', schema=None) as batch_op:
        batch_op.drop_index('uq_award_rounds_one_open', postgresql_where=sa.text("state = 'open'"), sqlite_where=sa.text("state = 'open'"))

    op.drop_table('award_rounds')
    with op.batch_alter_table('meeting_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_copies_committee_id'))

    op.drop_table('meeting_copies')
    with op.batch_alter_table('committee_copies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_copies_municipality_id'))

    op.drop_table('committee_copies')
