"""processed requests (dedupe of Slack retries across replicas)

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30 01:40:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import storage.types


revision = '0007'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('processed_request',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('seen_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_processed_request'))
    )
    with op.batch_alter_table('processed_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_processed_request_seen_at'), ['seen_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('processed_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_processed_request_seen_at'))
    op.drop_table('processed_request')
