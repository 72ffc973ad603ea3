"""languages: each person's Slack locale (users.info include_locale) and their own choice of language

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-03 14:40:00
"""

import sqlalchemy as sa
from alembic import op


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('slack_locale', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.drop_column('language')
        batch.drop_column('slack_locale')
