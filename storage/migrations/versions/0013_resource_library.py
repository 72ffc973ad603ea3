"""the resource library: links coordinators recommend, for some kinds of mentoring, stages and programs

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 18:45:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('program', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('added_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource'))
    )


def downgrade() -> None:
    op.drop_table('resource')
