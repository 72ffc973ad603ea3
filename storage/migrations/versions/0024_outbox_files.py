"""outbox files: the bytes of a file the sender shares, kept only until it is delivered

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 12:15:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox_file',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('slack_file_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_message.id'], name=op.f('fk_outbox_file_message_id_outbox_message')),
    sa.PrimaryKeyConstraint('message_id', name=op.f('pk_outbox_file'))
    )


def downgrade() -> None:
    op.drop_table('outbox_file')
