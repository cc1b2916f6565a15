"""Decoding of Bot API requests as python-telegram-bot's HTTPXRequest sends them.

PTB posts `application/x-www-form-urlencoded` bodies when there is nothing to upload and
`multipart/form-data` (via httpx) when a file is attached. In both cases every parameter value
that is not a string is JSON-encoded (so `true`, `42`, `{"inline_keyboard": ...}`), while strings
are sent as they are. Calls without parameters (getMe, deleteWebhook) have an empty body and no
Content-Type at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from email.message import Message
from urllib.parse import parse_qsl

INTEGER_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "cache_time",
        "reply_to_message_id",
        "message_thread_id",
        "max_connections",
    }
)
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "menu_button",
    }
)
# Free text that may legitimately read "true" or "false" and must never become a bool.
TEXT_PARAMS = frozenset({"text", "caption", "description", "short_description", "name", "title"})

# httpx escapes these characters in multipart header parameters (filename="...").
_FORM_PARAM_ESCAPE = re.compile(r"%22|%[01][0-9A-F]|\\\\")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    mime_type: str


Params = dict[str, object]


def decode_request(content_type: str | None, body: bytes) -> Params:
    """Decode a request body into parameters typed by name (see `decode_value`)."""
    if not body:
        return {}
    header = Message()
    header["Content-Type"] = content_type or "application/x-www-form-urlencoded"
    raw: dict[str, str | UploadedFile]
    if header.get_content_type() == "multipart/form-data":
        boundary = header.get_param("boundary")
        if not isinstance(boundary, str):
            raise ValueError("multipart/form-data request without a boundary")
        raw = _parse_multipart(body, boundary.encode("ascii"))
    else:
        raw = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True))
    return {
        name: value if isinstance(value, UploadedFile) else decode_value(name, value)
        for name, value in raw.items()
    }


def decode_value(name: str, value: str) -> object:
    """Type one parameter: ints and JSON by name, `true`/`false` as bools, else the string."""
    if name in INTEGER_PARAMS:
        try:
            return int(value)
        except ValueError:
            return value  # e.g. chat_id="@channel"
    if name in JSON_PARAMS:
        return json.loads(value)
    if name not in TEXT_PARAMS and value in ("true", "false"):
        return value == "true"
    return value


def _parse_multipart(body: bytes, boundary: bytes) -> dict[str, str | UploadedFile]:
    # A delimiter is CRLF "--" boundary; the first one has no CRLF before it.
    chunks = (b"\r\n" + body).split(b"\r\n--" + boundary)
    fields: dict[str, str | UploadedFile] = {}
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break  # the close delimiter
        head, _, content = chunk.partition(b"\r\n\r\n")
        headers = _parse_part_headers(head.decode("utf-8"))
        disposition = _parse_disposition(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if name is None:
            raise ValueError(f"multipart part without a name: {head!r}")
        filename = disposition.get("filename")
        if filename is None:
            fields[name] = content.decode("utf-8")
        else:
            mime_type = headers.get("content-type", "application/octet-stream")
            fields[name] = UploadedFile(filename=filename, content=content, mime_type=mime_type)
    return fields


def _parse_part_headers(head: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in head.split("\r\n"):
        if line:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
    return headers


def _parse_disposition(value: str) -> dict[str, str]:
    """Parameters of `form-data; name="..."; filename="..."`, with httpx's escaping undone."""
    return {
        key.lower(): _FORM_PARAM_ESCAPE.sub(_unescape_form_param, raw)
        for key, raw in re.findall(r'(\w+)="([^"]*)"', value)
    }


def _unescape_form_param(match: re.Match[str]) -> str:
    escaped = match.group(0)
    return "\\" if escaped == "\\\\" else chr(int(escaped[1:], 16))
