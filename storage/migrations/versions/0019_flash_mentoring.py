"""flash mentoring, speed-mentoring events and peer circles (issue 20); outbox recipients wide enough for a group DM

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 08:45:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('flash_offer',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('monthly_limit', sa.Integer(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_flash_offer_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_flash_offer'))
    )
    op.create_table('flash_conversation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('follow_up_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('followed_up_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('mentee_continue', sa.Boolean(), nullable=True),
    sa.Column('mentor_continue', sa.Boolean(), nullable=True),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.Column('ask_message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['match_id'], ['mentor_match.id'], name=op.f('fk_flash_conversation_match_id_mentor_match'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentee_id'], ['person.id'], name=op.f('fk_flash_conversation_mentee_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['person.id'], name=op.f('fk_flash_conversation_mentor_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flash_conversation'))
    )
    with op.batch_alter_table('flash_conversation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flash_conversation_mentee_id'), ['mentee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flash_conversation_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_flash_conversation_status'), ['status'], unique=False)
    op.create_table('speed_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('starts_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('rounds', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speed_event'))
    )
    op.create_table('event_invitee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('rsvp', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('answered_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['speed_event.id'], name=op.f('fk_event_invitee_event_id_speed_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_event_invitee_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_invitee')),
    sa.UniqueConstraint('event_id', 'person_id', name=op.f('uq_event_invitee_event_id'))
    )
    op.create_table('event_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('fit', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['speed_event.id'], name=op.f('fk_event_seat_event_id_speed_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentee_id'], ['person.id'], name=op.f('fk_event_seat_mentee_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['person.id'], name=op.f('fk_event_seat_mentor_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_seat')),
    sa.UniqueConstraint('event_id', 'mentee_id', 'mentor_id', name=op.f('uq_event_seat_event_id'))
    )
    op.create_table('event_pick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('chooser_id', sa.Integer(), nullable=False),
    sa.Column('chosen_id', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chooser_id'], ['person.id'], name=op.f('fk_event_pick_chooser_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chosen_id'], ['person.id'], name=op.f('fk_event_pick_chosen_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['speed_event.id'], name=op.f('fk_event_pick_event_id_speed_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_pick')),
    sa.UniqueConstraint('event_id', 'chooser_id', 'chosen_id', name=op.f('uq_event_pick_event_id'))
    )
    for table, columns in (('event_invitee', ('event_id', 'person_id')), ('event_seat', ('event_id', 'mentee_id', 'mentor_id')),
                           ('event_pick', ('event_id', 'chooser_id', 'chosen_id'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)
    op.create_table('circle_theme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('size_min', sa.Integer(), nullable=False),
    sa.Column('size_max', sa.Integer(), nullable=False),
    sa.Column('cadence_days', sa.Integer(), nullable=False),
    sa.Column('facilitator_ids', sa.JSON(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circle_theme'))
    )
    op.create_table('circle_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_circle_member_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['circle_theme.id'], name=op.f('fk_circle_member_theme_id_circle_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circle_member')),
    sa.UniqueConstraint('theme_id', 'person_id', name=op.f('uq_circle_member_theme_id'))
    )
    op.create_table('peer_circle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_checkin_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('intro_message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['theme_id'], ['circle_theme.id'], name=op.f('fk_peer_circle_theme_id_circle_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_circle'))
    )
    op.create_table('circle_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('circle_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('left_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['circle_id'], ['peer_circle.id'], name=op.f('fk_circle_seat_circle_id_peer_circle'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_circle_seat_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circle_seat')),
    sa.UniqueConstraint('circle_id', 'person_id', name=op.f('uq_circle_seat_circle_id'))
    )
    for table, columns in (('circle_member', ('theme_id', 'person_id')), ('peer_circle', ('theme_id', 'status')),
                           ('circle_seat', ('circle_id', 'person_id'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)
    # A peer circle's group DM names up to 8 people, comma-joined: wider than one Slack id.
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('recipient', existing_type=sqlmodel.sql.sqltypes.AutoString(length=32),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=255), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('recipient', existing_type=sqlmodel.sql.sqltypes.AutoString(length=255),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=32), existing_nullable=False)
    op.drop_table('circle_seat')
    op.drop_table('peer_circle')
    op.drop_table('circle_member')
    op.drop_table('circle_theme')
    op.drop_table('event_pick')
    op.drop_table('event_seat')
    op.drop_table('event_invitee')
    op.drop_table('speed_event')
    op.drop_table('flash_conversation')
    op.drop_table('flash_offer')
