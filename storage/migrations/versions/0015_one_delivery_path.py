"""one delivery path: outbox rows that edit or open a group DM, interactive first; domain rows name their messages

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 07:40:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_message') as batch:
        batch.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                   server_default='post'))
        batch.add_column(sa.Column('edits_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('interactive', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index(batch.f('ix_outbox_message_edits_id'), ['edits_id'], unique=False)
    with op.batch_alter_table('proposal') as batch:
        batch.add_column(sa.Column('consent_message_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('mentor_match') as batch:
        batch.add_column(sa.Column('intro_message_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('broadcast') as batch:
        batch.add_column(sa.Column('confirmation_message_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('review_copy') as batch:
        batch.add_column(sa.Column('message_id', sa.Integer(), nullable=True))
        batch.alter_column('channel', existing_type=sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        batch.alter_column('ts', existing_type=sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('review_copy') as batch:
        batch.alter_column('ts', existing_type=sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False)
        batch.alter_column('channel', existing_type=sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False)
        batch.drop_column('message_id')
    with op.batch_alter_table('broadcast') as batch:
        batch.drop_column('confirmation_message_id')
    with op.batch_alter_table('mentor_match') as batch:
        batch.drop_column('intro_message_id')
    with op.batch_alter_table('proposal') as batch:
        batch.drop_column('consent_message_id')
    with op.batch_alter_table('outbox_message') as batch:
        batch.drop_index(batch.f('ix_outbox_message_edits_id'))
        batch.drop_column('interactive')
        batch.drop_column('edits_id')
        batch.drop_column('kind')
