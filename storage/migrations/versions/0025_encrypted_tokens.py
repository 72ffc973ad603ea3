"""installations' bot and refresh tokens encrypted at rest (Fernet, MENTORBOT_TOKEN_KEYS)

Rows written before encryption are encrypted here with the first key; with such rows and no key the upgrade stops
and says what to set (nothing is changed). Downgrading decrypts them again.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03 12:30:00
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes

from storage.token_cipher import KEYS_VARIABLE, TokenCipher, cipher_from_environment


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

WIDE = sqlmodel.sql.sqltypes.AutoString(length=1000)  # a Fernet ciphertext is about 1.4 times the token plus 73
NARROW = sqlmodel.sql.sqltypes.AutoString(length=300)


def upgrade() -> None:
    cipher = _cipher_if_rows("encrypt the stored tokens")
    with op.batch_alter_table('slack_installation') as batch:
        batch.alter_column('bot_token', new_column_name='bot_token_encrypted', type_=WIDE, existing_nullable=False)
        batch.alter_column('bot_refresh_token', new_column_name='bot_refresh_token_encrypted', type_=WIDE,
                           existing_nullable=True)
    if cipher is not None:
        _rewrite(cipher.encrypt, 'bot_token_encrypted', 'bot_refresh_token_encrypted')


def downgrade() -> None:
    cipher = _cipher_if_rows("decrypt the stored tokens")
    if cipher is not None:
        _rewrite(cipher.decrypt, 'bot_token_encrypted', 'bot_refresh_token_encrypted')
    with op.batch_alter_table('slack_installation') as batch:
        batch.alter_column('bot_token_encrypted', new_column_name='bot_token', type_=NARROW, existing_nullable=False)
        batch.alter_column('bot_refresh_token_encrypted', new_column_name='bot_refresh_token', type_=NARROW,
                           existing_nullable=True)


def _cipher_if_rows(purpose: str) -> TokenCipher | None:
    count = op.get_bind().execute(sa.text("SELECT count(*) FROM slack_installation")).scalar_one()
    if not count:
        return None
    cipher = cipher_from_environment()
    if cipher is None:
        raise RuntimeError(f"{KEYS_VARIABLE} is not set: migration 0025 must {purpose} of {count} installation(s). "
                           "Make a key with `mentorbot tokens new-key`, set it, and run `mentorbot db upgrade` again.")
    return cipher


def _rewrite(transform, token_column: str, refresh_column: str) -> None:
    bind = op.get_bind()
    found = bind.execute(sa.text(f"SELECT id, {token_column}, {refresh_column} FROM slack_installation")).all()
    for row_id, token, refresh in found:
        bind.execute(sa.text(f"UPDATE slack_installation SET {token_column} = :token, {refresh_column} = :refresh "
                             "WHERE id = :id"),
                     {"token": transform(token), "refresh": transform(refresh) if refresh else None, "id": row_id})
