"""remember where each introduction was posted, so ending a match can retire its buttons

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 12:00:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mentor_match', schema=None) as batch_op:
        batch_op.add_column(sa.Column('intro_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mentor_match', schema=None) as batch_op:
        batch_op.drop_column('intro_ts')
