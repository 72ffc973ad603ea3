"""the mentee's one-click rating of each logged meeting

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 12:40:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('meeting_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('asked_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('rated_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_rating_meeting_id_meeting'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['match_id'], ['mentor_match.id'], name=op.f('fk_meeting_rating_match_id_mentor_match'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_rating')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_meeting_rating_meeting_id'))
    )
    op.create_index(op.f('ix_meeting_rating_match_id'), 'meeting_rating', ['match_id'], unique=False)
    op.create_index(op.f('ix_meeting_created_at'), 'meeting', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_meeting_created_at'), table_name='meeting')
    op.drop_index(op.f('ix_meeting_rating_match_id'), table_name='meeting_rating')
    op.drop_table('meeting_rating')
