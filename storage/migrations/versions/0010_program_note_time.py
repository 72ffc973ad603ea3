"""when a mentor's note to the program was written, so the weekly digest can carry it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 12:40:00
"""

from alembic import op
import sqlalchemy as sa
import storage.types


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.add_column(sa.Column('program_note_at', storage.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_column('program_note_at')
