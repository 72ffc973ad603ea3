"""the program registry: one name per program, with the other spellings that mean it

Existing program names are registered, one per spelling that differs only in case or spaces (the spelling most
people use wins), and people and resources are moved to that name, so "internal medicine " joins
"Internal Medicine" on upgrade.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 07:40:00
"""

from collections import Counter, defaultdict
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

import storage.types


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    program = op.create_table('program',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program')),
    sa.UniqueConstraint('name', name=op.f('uq_program_name'))
    )
    op.create_table('program_alias',
    sa.Column('spelling', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], name=op.f('fk_program_alias_program_id_program'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('spelling', name=op.f('pk_program_alias'))
    )
    op.create_index(op.f('ix_program_alias_program_id'), 'program_alias', ['program_id'], unique=False)
    _register_existing_names(program)


def _folded(name: str) -> str:  # bot/programs.py folds the same way; a migration never imports the app
    return " ".join(name.split()).casefold()


def _register_existing_names(program: sa.Table) -> None:
    bind = op.get_bind()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for name, people in bind.execute(sa.text("SELECT program, COUNT(*) FROM person WHERE program IS NOT NULL "
                                             "GROUP BY program")):
        if name.strip():
            spellings[_folded(name)][name] += people
    now = datetime.now(UTC)
    for counts in spellings.values():
        chosen = " ".join(sorted(counts, key=lambda name: (-counts[name], name))[0].split())
        op.bulk_insert(program, [{"name": chosen, "created_at": now}])
        for variant in counts:
            if variant != chosen:
                for table in ("person", "resource"):
                    bind.execute(sa.text(f"UPDATE {table} SET program = :chosen WHERE program = :variant"),
                                 {"chosen": chosen, "variant": variant})


def downgrade() -> None:
    op.drop_index(op.f('ix_program_alias_program_id'), table_name='program_alias')
    op.drop_table('program_alias')
    op.drop_table('program')
