"""circle check-ins: one per member and cycle, sent in their own working hours, answered with a click

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 12:10:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('circle_checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('circle_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('due_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('send_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['circle_id'], ['peer_circle.id'], name=op.f('fk_circle_checkin_circle_id_peer_circle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_circle_checkin_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circle_checkin')),
    sa.UniqueConstraint('circle_id', 'person_id', 'due_at', name=op.f('uq_circle_checkin_circle_id'))
    )
    with op.batch_alter_table('circle_checkin', schema=None) as batch_op:
        for column in ('circle_id', 'person_id'):
            batch_op.create_index(batch_op.f(f'ix_circle_checkin_{column}'), [column], unique=False)


def downgrade() -> None:
    op.drop_table('circle_checkin')
