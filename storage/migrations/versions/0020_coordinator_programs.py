"""program-scoped coordinators: the programs a coordinator coordinates (none: faculty-wide)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('coordinator_program',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_coordinator_program_person_id_person'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_coordinator_program_program_id_program'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'program_id', name=op.f('pk_coordinator_program'))
    )
    op.create_index(op.f('ix_coordinator_program_program_id'), 'coordinator_program', ['program_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_coordinator_program_program_id'), table_name='coordinator_program')
    op.drop_table('coordinator_program')
