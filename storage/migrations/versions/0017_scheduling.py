"""scheduling: each person's private availability, and the meetings pairs arrange

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 07:30:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('availability',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('windows', sa.JSON(), nullable=False),
    sa.Column('busy', sa.JSON(), nullable=False),
    sa.Column('busy_source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('video_link', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_availability_person_id_person'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_availability'))
    )
    op.create_table('scheduled_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('slots', sa.JSON(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('picked_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('starts_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('held_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['match_id'], ['mentor_match.id'], name=op.f('fk_scheduled_meeting_match_id_mentor_match'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_meeting')),
    sa.UniqueConstraint('uid', name=op.f('uq_scheduled_meeting_uid'))
    )
    op.create_index(op.f('ix_scheduled_meeting_match_id'), 'scheduled_meeting', ['match_id'], unique=False)
    op.create_index(op.f('ix_scheduled_meeting_status'), 'scheduled_meeting', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_scheduled_meeting_status'), table_name='scheduled_meeting')
    op.drop_index(op.f('ix_scheduled_meeting_match_id'), table_name='scheduled_meeting')
    op.drop_table('scheduled_meeting')
    op.drop_table('availability')
