"""files.* Web API methods for the two-step external upload flow, and files.info.

As strict as Slack: a length between 1 byte and 1 GB; the bytes sent to the upload URL must be that length (see
server.py); only an uploaded, not yet completed id can be completed (`file_not_found`); files.info knows a file once
it is completed, with where it is shared (`shares`, and `channels` / `groups` / `ims` by kind of conversation)."""

from __future__ import annotations

import mimetypes
from typing import Any

from bot.emulator.api_common import ApiMethod, as_int, required
from bot.emulator.models import SlackError, UploadedFile
from bot.emulator.workspace import BOT_USER_ID, Workspace


MAX_FILE_BYTES = 1024 ** 3  # Slack's limit for one file: 1 GB


def get_upload_url_external(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    filename = str(required(args, "filename"))
    length = as_int(required(args, "length"), "invalid_arguments")
    if not 1 <= length <= MAX_FILE_BYTES:
        raise SlackError("invalid_arguments", messages=[f"[ERROR] length must be 1 to {MAX_FILE_BYTES} bytes "
                                                        "[json-pointer:/length]"])
    upload = UploadedFile(ws.next_id("F"), filename, length)
    ws.uploads[upload.id] = upload
    return {"upload_url": f"{ws.base_url}/upload/{upload.id}", "file_id": upload.id}


def complete_upload_external(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    requested = args.get("files")
    if not isinstance(requested, list) or not requested:
        raise SlackError("invalid_arguments", messages=["missing required field: files"])
    uploads = [_uploaded(ws, entry) for entry in requested]
    channel_id = _share_channel(ws, args)
    for upload, entry in zip(uploads, requested):
        upload.completed = True
        upload.title = entry.get("title") or upload.filename
        upload.channel_id = channel_id
        upload.initial_comment = args.get("initial_comment")
    if channel_id:
        content = {"text": args.get("initial_comment") or "", "files": [file_object(ws, u) for u in uploads],
                   "upload": True}
        shared = ws.post(channel_id, content, args.get("thread_ts"))
        for upload in uploads:
            upload.share_ts = shared["ts"]
    return {"files": [file_object(ws, upload) for upload in uploads]}


def files_info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    upload = ws.uploads.get(str(required(args, "file")))
    if upload is None or not upload.completed:
        raise SlackError("file_not_found")
    return {"file": file_object(ws, upload)}


def _uploaded(ws: Workspace, entry: Any) -> UploadedFile:
    upload = ws.uploads.get(entry.get("id", "")) if isinstance(entry, dict) else None
    if upload is None or upload.content is None or upload.completed:
        raise SlackError("file_not_found")
    return upload


def _share_channel(ws: Workspace, args: dict[str, Any]) -> str | None:
    channel_id = args.get("channel_id") or str(args.get("channels") or "").split(",")[0]
    if not channel_id:
        return None
    if channel_id not in ws.channels:
        raise SlackError("invalid_channel")
    return channel_id


def file_object(ws: Workspace, upload: UploadedFile) -> dict[str, Any]:
    mimetype = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
    return {
        "id": upload.id,
        "created": int(ws.now()),
        "timestamp": int(ws.now()),
        "name": upload.filename,
        "title": upload.title,
        "mimetype": mimetype,
        "filetype": upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else "binary",
        "user": BOT_USER_ID,
        "size": len(upload.content or b""),
        "is_external": False,
        **_where_shared(upload),
    }


CONVERSATION_KINDS = {"C": "channels", "G": "groups", "D": "ims"}


def _where_shared(upload: UploadedFile) -> dict[str, Any]:
    where: dict[str, Any] = {"channels": [], "groups": [], "ims": [], "shares": {}}
    if upload.channel_id and upload.share_ts:
        where[CONVERSATION_KINDS.get(upload.channel_id[:1], "channels")].append(upload.channel_id)
        scope = "public" if upload.channel_id.startswith("C") else "private"
        where["shares"] = {scope: {upload.channel_id: [{"ts": upload.share_ts}]}}
    return where


METHODS: dict[str, ApiMethod] = {
    "files.getUploadURLExternal": get_upload_url_external,
    "files.completeUploadExternal": complete_upload_external,
    "files.info": files_info,
}
