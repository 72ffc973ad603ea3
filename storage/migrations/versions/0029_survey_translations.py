"""survey translations: each survey's title and intro, and each question's text, labels and citation, in the
other languages mentorbot speaks

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-03 15:00:00
"""

import sqlalchemy as sa
from alembic import op


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('survey', 'survey_question'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('translations', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    for table in ('survey_question', 'survey'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('translations')
