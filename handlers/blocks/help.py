"""The `/mentor help` answer and the unknown-command answer."""

from __future__ import annotations

from typing import Any

from bot.commands import Subcommand
from bot.i18n import _, labelled
from handlers.blocks.common import MODAL_TITLE_LIMIT, context, message, plain, section


def build_help_message(subcommands: list[Subcommand], *, enrolled: bool) -> dict[str, Any]:
    lines = [labelled(f"`{_(sub.usage)}`", _(sub.summary)) for sub in subcommands]
    blocks = [section(_("*Here is what you can do with mentorbot:*") + "\n" + "\n".join(lines))]
    if not enrolled:
        blocks.append(context(_("You are not enrolled yet, so only the basics are listed.")))
    return message(_("mentorbot commands"), blocks)


def build_unknown_command_message(name: str, suggestion: str | None, subcommands: list[Subcommand]) -> dict[str, Any]:
    hint = " " + _("Did you mean `/mentor {suggestion}`?").format(suggestion=suggestion) if suggestion else ""
    help_message = build_help_message(subcommands, enrolled=True)
    first = section(_("I don't know `{name}`.").format(name=name) + hint)
    return message(_("I don't know {name}").format(name=name), [first, *help_message["blocks"]])


def build_notice(text: str) -> dict[str, Any]:
    """A one-paragraph ephemeral answer (refusals, errors, confirmations)."""
    return message(text, [section(text)])


def build_outdated_form() -> dict[str, Any]:
    """What a submitted modal becomes when what it carried no longer reads (handlers/view_metadata.py)."""
    return {"type": "modal", "title": plain(_("Form out of date"), MODAL_TITLE_LIMIT),
            "close": plain(_("Close"), MODAL_TITLE_LIMIT),
            "blocks": [section(_("This form is out of date or was changed on its way, so nothing was saved. Close "
                                 "it and open it again from where you started."))]}
