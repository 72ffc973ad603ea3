"""mentor recognition: a mentee's consent to be named in their mentors' teaching dossiers

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 09:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('mentee_profile') as batch:
        batch.add_column(sa.Column('named_in_dossiers', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('mentee_profile') as batch:
        batch.drop_column('named_in_dossiers')
