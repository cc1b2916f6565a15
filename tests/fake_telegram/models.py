"""State kept by the fake Telegram, and the read-only snapshots tests get of it."""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .rules import INLINE_BUTTON_ACTIONS, RenderedText

Json = dict[str, Any]

PHOTO_SIZE = 512  # the fake does not decode images; every photo claims to be 512x512


class Button(NamedTuple):
    """An inline button as the user sees it.

    `value` is the callback_data, else the url, else the name of the button's action (for example
    "web_app"). A plain tuple compares equal: `Button("Ja", "yes") == ("Ja", "yes")`.
    """

    label: str
    value: str


class SentFile(NamedTuple):
    filename: str
    content: bytes


@dataclass(frozen=True)
class SentMessage:
    """A bot message in its current (possibly edited) state, as the user sees it.

    `text` is the visible text (or caption): HTML tags stripped, entities unescaped. `raw_text` is
    what the bot sent, to be read together with `parse_mode`. `history` holds the visible texts
    of earlier versions, oldest first.
    """

    message_id: int
    text: str
    raw_text: str
    parse_mode: str | None
    buttons: list[list[Button]]
    reply_keyboard: list[list[str]]
    document: SentFile | None
    photo: bytes | None
    history: list[str]

    @property
    def edited(self) -> bool:
        return bool(self.history)


@dataclass(frozen=True)
class CallbackAnswer:
    """An answerCallbackQuery call for one of the user's button taps."""

    text: str | None
    show_alert: bool


@dataclass
class FakeTelegramStats:
    """Request counts per Bot API method, and how many answers were 429 Too Many Requests."""

    requests: Counter[str] = field(default_factory=Counter)
    too_many_requests: int = 0

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    filename: str
    content: bytes
    mime_type: str

    @property
    def file_path(self) -> str:
        return f"files/{self.file_unique_id}"

    def document_json(self) -> Json:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }

    def photo_json(self) -> list[Json]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": PHOTO_SIZE,
                "height": PHOTO_SIZE,
                "file_size": len(self.content),
            }
        ]

    def file_json(self) -> Json:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclass
class StoredMessage:
    """A message the bot sent; mutable because the bot may edit it."""

    message_id: int
    date: int
    chat: Json
    sender: Json
    raw_text: str
    parse_mode: str | None
    rendered: RenderedText
    inline_markup: Json | None
    chat_keyboard: Json | None  # keyboard, remove_keyboard or force_reply: not editable
    change_seq: int
    document: StoredFile | None = None
    photo: StoredFile | None = None
    history: list[str] = field(default_factory=list)
    edit_date: int | None = None

    @property
    def has_media(self) -> bool:
        return self.document is not None or self.photo is not None

    def to_json(self) -> Json:
        body: Json = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        if self.edit_date is not None:
            body["edit_date"] = self.edit_date
        if self.document is not None:
            body["document"] = self.document.document_json()
        if self.photo is not None:
            body["photo"] = self.photo.photo_json()
        text_key, entities_key = (
            ("caption", "caption_entities")
            if self.has_media
            else (
                "text",
                "entities",
            )
        )
        if self.rendered.text:
            body[text_key] = self.rendered.text
        if self.rendered.entities:
            body[entities_key] = self.rendered.entities
        if self.inline_markup is not None:
            body["reply_markup"] = self.inline_markup
        return copy.deepcopy(body)

    def snapshot(self) -> SentMessage:
        inline_rows = (self.inline_markup or {}).get("inline_keyboard", [])
        keyboard_rows = (self.chat_keyboard or {}).get("keyboard", [])
        return SentMessage(
            message_id=self.message_id,
            text=self.rendered.text,
            raw_text=self.raw_text,
            parse_mode=self.parse_mode,
            buttons=[
                [Button(button["text"], button_value(button)) for button in row]
                for row in inline_rows
            ],
            reply_keyboard=[[keyboard_label(button) for button in row] for row in keyboard_rows],
            document=SentFile(self.document.filename, self.document.content)
            if self.document
            else None,
            photo=self.photo.content if self.photo else None,
            history=list(self.history),
        )


@dataclass
class ChatState:
    """A private chat between the bot and one simulated user (chat id == user id)."""

    user: Json
    blocked: bool = False
    last_message_id: int = 0
    bot_messages: dict[int, StoredMessage] = field(default_factory=dict)  # in chat order
    user_message_ids: set[int] = field(default_factory=set)
    answers: list[CallbackAnswer] = field(default_factory=list)

    @property
    def json(self) -> Json:
        chat: Json = {
            "id": self.user["id"],
            "type": "private",
            "first_name": self.user["first_name"],
        }
        if "username" in self.user:
            chat["username"] = self.user["username"]
        return chat

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class PendingCallback:
    """A callback query delivered to the bot, waiting for answerCallbackQuery."""

    chat_id: int
    data: str | None
    fetched_at: float | None = None  # monotonic time the bot received it
    answered: bool = False
    checked: bool = False  # whether the "was it answered" check has run

    def seconds_left(self, grace_period: float, now: float) -> float:
        """Time left to answer, counted from when the bot received the query."""
        if self.answered or self.fetched_at is None:
            return 0.0
        return self.fetched_at + grace_period - now


def button_value(button: Json) -> str:
    for action in ("callback_data", "url"):
        if action in button:
            return str(button[action])
    return next((action for action in INLINE_BUTTON_ACTIONS if action in button), "")


def keyboard_label(button: Json | str) -> str:
    return button if isinstance(button, str) else str(button.get("text", ""))
