"""keys unique per tenant: a person's Slack id, interest tag and program names, survey keys and outbox keys are
unique within their tenant (two programs may both have "Internal Medicine", or the same person in two workspaces
of one organisation)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03 12:50:00
"""

from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

# table, column, the constraint that made it unique across the database (None: a unique index)
KEYS = (
    ('interest_tag', 'name', 'uq_interest_tag_name'),
    ('program', 'name', 'uq_program_name'),
    ('survey', 'key', 'uq_survey_key'),
    ('outbox_message', 'key', 'uq_outbox_message_key'),
)


def upgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.drop_index('ix_person_slack_user_id')
        batch.create_index('ix_person_slack_user_id', ['slack_user_id'], unique=False)
        batch.create_unique_constraint('uq_person_tenant_slack_user_id', ['tenant_id', 'slack_user_id'])
    for table, column, old in KEYS:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(old, type_='unique')
            batch.create_unique_constraint(f'uq_{table}_tenant_{column}', ['tenant_id', column])


def downgrade() -> None:
    for table, column, old in reversed(KEYS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f'uq_{table}_tenant_{column}', type_='unique')
            batch.create_unique_constraint(old, [column])
    with op.batch_alter_table('person') as batch:
        batch.drop_constraint('uq_person_tenant_slack_user_id', type_='unique')
        batch.drop_index('ix_person_slack_user_id')
        batch.create_index('ix_person_slack_user_id', ['slack_user_id'], unique=True)
