"""remember where each coordinator's copy of a batch review was posted, and who decided each proposal,
so that every copy can be edited to the current state when one coordinator decides

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 13:00:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('review_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('unfilled', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_copy'))
    )
    with op.batch_alter_table('review_copy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_copy_batch_id'), ['batch_id'], unique=False)
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_column('reviewed_by')
    with op.batch_alter_table('review_copy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_copy_batch_id'))
    op.drop_table('review_copy')
