"""The emulator's HTTP face: /api/<method>, /response/<token> and /upload/<file_id>."""

from __future__ import annotations

import base64
import json
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from bot.emulator.response_urls import post_to_response_url
from bot.emulator.web_api import call_method
from bot.emulator.workspaces import Workspaces


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], workspaces: Workspaces) -> None:
        super().__init__(address, _Handler)
        self.workspaces = workspaces


class _Handler(BaseHTTPRequestHandler):
    server: EmulatorHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        """Tests and the demo print their own transcripts; per-request lines would drown them."""

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def _route(self) -> None:
        path, _, query = self.path.partition("?")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path.startswith("/api/"):
            self._api(path.removeprefix("/api/"), query, body)
        elif path.startswith("/response/"):
            token = path.removeprefix("/response/")
            with self.server.workspaces.lock:
                workspace = self.server.workspaces.for_response_url(token)
            self._send_json(*post_to_response_url(workspace, token, body))
        elif path.startswith("/upload/"):
            self._upload(path.removeprefix("/upload/"), body)
        else:
            self._send_text(404, "not found")

    def _api(self, method: str, query: str, body: bytes) -> None:
        workspace = self.server.workspaces.primary
        try:
            args = request_args(self.headers.get("Content-Type") or "", body, query)
        except ValueError:
            with workspace.lock:
                answer = {"ok": False, "error": "invalid_json"}
                workspace.record(method, {}, answer, 200)
            self._send_json(200, answer)
            return
        args.update(_basic_credentials(self.headers.get("Authorization")))
        result = call_method(self.server.workspaces, method, args, _bearer_token(self.headers.get("Authorization")))
        self._send_json(result.status, result.body, result.headers)

    def _upload(self, file_id: str, body: bytes) -> None:
        content = _uploaded_bytes(self.headers.get("Content-Type") or "", body)
        with self.server.workspaces.lock:
            upload = self.server.workspaces.for_upload(file_id).uploads.get(file_id)
            accepted = upload is not None and not upload.completed
            fits = upload is not None and len(content) == upload.length  # the length getUploadURLExternal was told
            if upload is not None and accepted and fits:
                upload.content = content
        if not accepted:
            self._send_text(404, "file_not_found")
        elif not fits:
            self._send_text(400, "length mismatch: the bytes sent are not the length given to getUploadURLExternal")
        else:
            self._send_text(200, f"OK - {len(content)}")

    def _send_json(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8", headers or {})

    def _send_text(self, status: int, text: str) -> None:
        self._send(status, text.encode(), "text/plain; charset=utf-8", {})

    def _send(self, status: int, payload: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


def _bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _basic_credentials(authorization: str | None) -> dict[str, str]:
    """oauth.v2.access may authenticate with HTTP Basic (client_id:client_secret), as slack-sdk does."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return {}
    try:
        client_id, _, client_secret = base64.b64decode(encoded.strip()).decode().partition(":")
    except ValueError:
        return {}
    return {"client_id": client_id, "client_secret": client_secret}


def request_args(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """Arguments from the query string and the body (JSON, form or multipart); ValueError on bad JSON."""
    args: dict[str, Any] = _form_fields(query)
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/json":
        parsed = json.loads(body) if body.strip() else {}
        if not isinstance(parsed, dict):
            raise ValueError("a JSON body must be an object")
        args.update(parsed)
    elif media_type == "multipart/form-data":
        args.update({name: _part_value(part) for name, part in _multipart_parts(content_type, body)})
    elif body:
        args.update(_form_fields(body.decode("utf-8", errors="replace")))
    return args


def _form_fields(encoded: str) -> dict[str, Any]:
    return {name: values[0] for name, values in parse_qs(encoded, keep_blank_values=True).items()}


def _multipart_parts(content_type: str, body: bytes) -> list[tuple[str, MIMEPart]]:
    envelope = f"Content-Type: {content_type}\r\n\r\n".encode() + body
    message = BytesParser(EmailMessage, policy=HTTP).parsebytes(envelope)
    if not message.is_multipart():
        return []
    return [(str(part.get_param("name", header="content-disposition") or ""), part) for part in message.iter_parts()]


def _part_value(part: MIMEPart) -> Any:
    payload = _bytes_of(part)
    return payload if part.get_filename() else payload.decode("utf-8", errors="replace")


def _uploaded_bytes(content_type: str, body: bytes) -> bytes:
    """The file's bytes: the raw body, or the file part of a multipart form (as curl -F sends)."""
    if not content_type.lower().startswith("multipart/form-data"):
        return body
    parts = _multipart_parts(content_type, body)
    file_parts = [part for _, part in parts if part.get_filename()] or [part for _, part in parts]
    if not file_parts:
        return b""
    return _bytes_of(file_parts[0])


def _bytes_of(part: MIMEPart) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""
