"""`mentorbot tokens new-key|re-encrypt`: the key that encrypts installations' tokens at rest, and rotating it."""

from __future__ import annotations

import typer

from bot.i18n import _, lazy, ngettext

from bot.cli.support import app_settings, database_sessions, fail, help_text


def tokens_new_key() -> None:
    from storage.token_cipher import new_key

    typer.echo(new_key())


def tokens_re_encrypt() -> None:
    from bot.installations import re_encrypt_tokens
    from storage.token_cipher import UnreadableToken

    cipher = app_settings().token_cipher()
    if cipher is None:
        fail(_("MENTORBOT_TOKEN_KEYS is not set: set the new key first, then the old one(s), comma-separated"))
    try:
        count = re_encrypt_tokens(sessions=database_sessions(), cipher=cipher)
    except UnreadableToken as error:
        fail(str(error))
    typer.echo(ngettext("Re-encrypted the tokens of {n} installation with the first key; keys after it can be dropped.",
                        "Re-encrypted the tokens of {n} installations with the first key; keys after it can be dropped.",
                        count).format(n=count))


def register(cli: typer.Typer) -> None:
    group = typer.Typer(help=help_text(lazy("OAuth mode: the key(s) encrypting installations' Slack tokens in the database.")),
                        no_args_is_help=True)
    group.command("new-key", help=help_text(lazy(
        "Print a new Fernet key for MENTORBOT_TOKEN_KEYS (rotating: put it first, before the old key).")))(tokens_new_key)
    group.command("re-encrypt", help=help_text(lazy(
        "Encrypt every installation's tokens again with the first key of MENTORBOT_TOKEN_KEYS; the others can"
        " then go.")))(tokens_re_encrypt)
    cli.add_typer(group, name="tokens")
