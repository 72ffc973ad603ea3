"""tenancy: a tenant table, and tenant_id on every table of program data; existing rows join tenant 1

Tenant 1 is the program this database held before: the one OAuth installation's workspace or organisation, if
there is one, else the single-workspace program. Each table gains `tenant_id` (not null, indexed, referencing
tenant) back-filled with 1 in the same step, never half.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03 12:40:00
"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None

PROGRAM_TABLES = (
    'audit_event', 'broadcast', 'circle_theme', 'interest_tag', 'person', 'program', 'program_setting', 'resource',
    'review_copy', 'speed_event', 'survey', 'availability', 'circle_member', 'conflict_of_interest',
    'coordinator_program', 'development_plan', 'event_invitee', 'event_pick', 'event_seat', 'flash_offer', 'goal',
    'identity_profile', 'match_request', 'mentee_profile', 'mentor_profile', 'outbox_message', 'peer_circle',
    'program_alias', 'survey_question', 'survey_round', 'anonymous_response', 'circle_seat', 'goal_update',
    'mentor_match', 'proposal', 'survey_named_answer', 'survey_recipient', 'agreement', 'alert', 'anonymous_answer',
    'checkin', 'flash_conversation', 'match_prompt', 'meeting', 'scheduled_meeting', 'circle_checkin',
    'meeting_rating', 'outbox_file',
)


def upgrade() -> None:
    op.create_table('tenant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('is_enterprise_install', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant'))
    )
    bind = op.get_bind()
    installed = bind.execute(sa.text("SELECT enterprise_id, team_id, is_enterprise_install FROM slack_installation "
                                     "ORDER BY installed_at DESC")).first()
    enterprise_id, team_id, org_wide = installed if installed is not None else (None, None, False)
    tenant = sa.table('tenant', sa.column('id', sa.Integer()), sa.column('enterprise_id', sa.String()),
                      sa.column('team_id', sa.String()), sa.column('is_enterprise_install', sa.Boolean()),
                      sa.column('created_at', storage.types.UTCDateTime(timezone=True)))
    op.bulk_insert(tenant, [{'id': 1, 'enterprise_id': enterprise_id, 'team_id': team_id,
                             'is_enterprise_install': bool(org_wide), 'created_at': datetime.now(UTC)}])
    if bind.dialect.name == 'postgresql':
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('tenant', 'id'), 1)"))
    for name in PROGRAM_TABLES:
        with op.batch_alter_table(name) as batch:
            batch.add_column(sa.Column('tenant_id', sa.Integer(), nullable=False, server_default='1'))
        with op.batch_alter_table(name) as batch:  # no default once back-filled: a row must be given its tenant
            batch.alter_column('tenant_id', server_default=None, existing_type=sa.Integer(), existing_nullable=False)
            batch.create_index(f'ix_{name}_tenant_id', ['tenant_id'], unique=False)
            batch.create_foreign_key(f'fk_{name}_tenant_id_tenant', 'tenant', ['tenant_id'], ['id'])


def downgrade() -> None:
    for name in reversed(PROGRAM_TABLES):
        with op.batch_alter_table(name) as batch:
            batch.drop_constraint(f'fk_{name}_tenant_id_tenant', type_='foreignkey')
            batch.drop_index(f'ix_{name}_tenant_id')
            batch.drop_column('tenant_id')
    op.drop_table('tenant')
