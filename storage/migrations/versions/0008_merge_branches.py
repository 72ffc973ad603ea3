"""merge the broadcasts, surveys and processed-requests branches

Revision ID: 0008
Revises: 0005, 0006, 0007
Create Date: 2026-11-30 02:45:00
"""

revision = '0008'
down_revision = ('0005', '0006', '0007')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
