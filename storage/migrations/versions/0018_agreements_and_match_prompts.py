"""mentoring agreements, the early pulse and term reviews asked of each person of a match, and mentees'
individual development plans

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 07:30:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, storage.types.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('cadence_days', sa.Integer(), nullable=False),
    sa.Column('duration_months', sa.Integer(), nullable=False),
    sa.Column('term', sa.Integer(), nullable=False),
    _when('term_started_at', False),
    _when('ends_at', False),
    sa.Column('sections', sa.JSON(), nullable=False),
    _when('mentee_acked_at'),
    _when('mentor_acked_at'),
    _when('mentee_reminded_at'),
    _when('mentor_reminded_at'),
    sa.Column('change_by', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('change_cadence_days', sa.Integer(), nullable=True),
    sa.Column('change_duration_months', sa.Integer(), nullable=True),
    sa.Column('renewals', sa.Integer(), nullable=False),
    _when('created_at', False),
    _when('agreed_at'),
    _when('renewed_at'),
    sa.ForeignKeyConstraint(['match_id'], ['mentor_match.id'], name=op.f('fk_agreement_match_id_mentor_match'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement')),
    sa.UniqueConstraint('match_id', name=op.f('uq_agreement_match_id'))
    )
    op.create_table('match_prompt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('term', sa.Integer(), nullable=False),
    _when('due_at', False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    _when('sent_at'),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    _when('answered_at'),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['mentor_match.id'], name=op.f('fk_match_prompt_match_id_mentor_match'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_prompt')),
    sa.UniqueConstraint('match_id', 'role', 'kind', 'term', name=op.f('uq_match_prompt_match_id'))
    )
    with op.batch_alter_table('match_prompt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_prompt_match_id'), ['match_id'], unique=False)
        batch_op.create_index('ix_match_prompt_status_due_at', ['status', 'due_at'], unique=False)
    op.create_table('development_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('ratings', sa.JSON(), nullable=False),
    sa.Column('goal_ids', sa.JSON(), nullable=False),
    sa.Column('shared_with', sa.JSON(), nullable=False),
    _when('created_at', False),
    _when('updated_at', False),
    sa.ForeignKeyConstraint(['mentee_id'], ['person.id'], name=op.f('fk_development_plan_mentee_id_person'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_plan')),
    sa.UniqueConstraint('mentee_id', 'year', name=op.f('uq_development_plan_mentee_id'))
    )
    with op.batch_alter_table('development_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_plan_mentee_id'), ['mentee_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('development_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_plan_mentee_id'))
    op.drop_table('development_plan')
    with op.batch_alter_table('match_prompt', schema=None) as batch_op:
        batch_op.drop_index('ix_match_prompt_status_due_at')
        batch_op.drop_index(batch_op.f('ix_match_prompt_match_id'))
    op.drop_table('match_prompt')
    op.drop_table('agreement')
