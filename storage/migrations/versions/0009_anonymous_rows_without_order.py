"""anonymous answers without an insertion order: SQLite tables WITHOUT ROWID, rows rewritten in random-id order

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 10:00:00

Existing rows are read, the tables recreated and the rows written back sorted by their random ids, in this one
transaction: on SQLite no hidden rowid counts the order people answered in, on PostgreSQL the rewritten rows
share one transaction id (`xmin`) and a random physical order.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

def _create_tables(without_rowid: bool) -> tuple[sa.Table, sa.Table]:
    options = {'sqlite_with_rowid': False} if without_rowid else {}
    responses = op.create_table('anonymous_response',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('week_of', sa.Date(), nullable=False),
        sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('program', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('subject_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.ForeignKeyConstraint(['round_id'], ['survey_round.id'], name=op.f('fk_anonymous_response_round_id_survey_round'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_anonymous_response')),
        **options)
    op.create_index(op.f('ix_anonymous_response_round_id'), 'anonymous_response', ['round_id'], unique=False)
    answers = op.create_table('anonymous_answer',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('response_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_anonymous_answer_question_id_survey_question'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['response_id'], ['anonymous_response.id'], name=op.f('fk_anonymous_answer_response_id_anonymous_response'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_anonymous_answer')),
        **options)
    op.create_index(op.f('ix_anonymous_answer_response_id'), 'anonymous_answer', ['response_id'], unique=False)
    return responses, answers


def _recreate(without_rowid: bool) -> None:
    bind = op.get_bind()
    old = sa.MetaData()
    responses, answers = ([dict(row._mapping) for row in bind.execute(sa.select(table).order_by(table.c.id))]
                          for table in (sa.Table(name, old, autoload_with=bind)
                                        for name in ('anonymous_response', 'anonymous_answer')))
    op.drop_table('anonymous_answer')
    op.drop_table('anonymous_response')
    response_table, answer_table = _create_tables(without_rowid)
    if responses:
        op.bulk_insert(response_table, responses)
    if answers:
        op.bulk_insert(answer_table, answers)


def upgrade() -> None:
    _recreate(without_rowid=True)


def downgrade() -> None:
    _recreate(without_rowid=False)
