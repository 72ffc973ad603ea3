"""Meeting invitations (.ics) into each person's DM: the one place scheduling uploads files. The outbox carries
messages, not files, so these go the way every other file does (files_upload_v2), after the change committed."""

from __future__ import annotations

from typing import Any

from bot.scheduling.invitations import InvitationFile


def send_invitation_files(client: Any, files: tuple[InvitationFile, ...]) -> None:
    for file in files:
        channel = client.conversations_open(users=file.recipient)["channel"]["id"]
        client.files_upload_v2(channel=channel, filename=file.filename, title="Mentoring meeting",
                               content=file.content, initial_comment=file.comment)
