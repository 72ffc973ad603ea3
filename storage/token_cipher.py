"""Slack tokens at rest: the installation store keeps bot and refresh tokens encrypted with Fernet (AES-128-CBC and
HMAC-SHA256, from `cryptography`), never in the clear.

The keys come from MENTORBOT_TOKEN_KEYS, comma-separated, newest first: the first encrypts, every key decrypts
(MultiFernet), so IT rotates a key by putting a new one in front, restarting, running `mentorbot tokens re-encrypt`
and then dropping the old one. Kept in storage/ (it needs nothing from bot/) so the migration that encrypts rows
written before encryption uses the same code."""

from __future__ import annotations

import os
from collections.abc import Sequence

# cryptography (its OpenSSL bindings: 10-30 ms of CPU, more wall time on a busy machine) loads where a key is read or a
# token sealed, not with the settings every process imports (bench_startup.py)

KEYS_VARIABLE = "MENTORBOT_TOKEN_KEYS"


class TokenKeyError(ValueError):
    """A key that is not a Fernet key, or no key where one is needed; the message says what to do."""


class UnreadableToken(Exception):
    """A stored token that none of the configured keys decrypts (its key was dropped too early)."""


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def parse_keys(raw: str) -> tuple[str, ...]:
    """The keys of a MENTORBOT_TOKEN_KEYS value, newest first; refuses anything that is not a Fernet key."""
    keys = tuple(key.strip() for key in raw.split(",") if key.strip())
    if keys:
        from cryptography.fernet import Fernet
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise TokenKeyError(f"key {position} is not a Fernet key (32 url-safe base64 bytes; make one with "
                                "`mentorbot tokens new-key`)") from None
    return keys


class TokenCipher:
    """Encrypts with the first key; decrypts with any."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise TokenKeyError(f"{KEYS_VARIABLE} holds no key")
        from cryptography.fernet import Fernet, MultiFernet

        self.key_count = len(keys)
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode()

    def decrypt(self, sealed: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise UnreadableToken(f"a stored Slack token was encrypted with a key not in {KEYS_VARIABLE}: put the "
                                  "key it was encrypted with back (after the new one) and run "
                                  "`mentorbot tokens re-encrypt`") from None

    def re_encrypt(self, sealed: str) -> str:
        """The same token encrypted with the newest key (MultiFernet.rotate)."""
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.rotate(sealed.encode()).decode()
        except InvalidToken:
            raise UnreadableToken(f"a stored Slack token was encrypted with a key not in {KEYS_VARIABLE}") from None


def cipher_from_environment() -> TokenCipher | None:
    """For the migration, which runs without the app's settings: MENTORBOT_TOKEN_KEYS from the environment or
    ./.env; None when unset."""
    raw = os.environ.get(KEYS_VARIABLE) or _from_dotenv()
    return TokenCipher(parse_keys(raw)) if raw else None


def _from_dotenv() -> str:
    from dotenv import dotenv_values  # python-dotenv: pydantic-settings' own .env reader

    return str(dotenv_values(".env").get(KEYS_VARIABLE) or "")
