"""flash mentoring: mentors' monthly opt-in and one row per flash request to a mentor

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-03 08:45:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0020'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('flash_offer',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('monthly_limit', sa.Integer(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_flash_offer_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_flash_offer'))
    )
    op.create_table('flash_conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('follow_up_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('followed_up_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('mentee_continue', sa.Boolean(), nullable=True),
    sa.Column('mentor_continue', sa.Boolean(), nullable=True),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.Column('ask_message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['match_id'], ['mentor_match.id'], name=op.f('fk_flash_conversation_match_id_mentor_match'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentee_id'], ['person.id'], name=op.f('fk_flash_conversation_mentee_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['person.id'], name=op.f('fk_flash_conversation_mentor_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flash_conversation'))
    )
    with op.batch_alter_table('flash_conversation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flash_conversation_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flash_conversation_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flash_conversation_status'), ['status'], unique=False)


def downgrade() -> None:
    op.drop_table('flash_conversation')
    op.drop_table('flash_offer')
