"""`SimUser`: a simulated Telegram user in a private chat with the bot."""

from __future__ import annotations

import copy
import mimetypes
import time
from typing import TYPE_CHECKING

from .models import CallbackAnswer, Json, SentMessage, keyboard_label
from .rules import utf16_length

if TYPE_CHECKING:
    from .backend import Backend
    from .server import FakeTelegram

STICKER_SIZE = 512


class SimUser:
    """A user chatting privately with the bot; create one with `FakeTelegram.user()`.

    Actions (`send`, `tap`, ...) deliver an update and return when the bot handled it (direct
    mode) or fetched it (polling mode). What the user sees is read with `messages`, `last`,
    `new_messages()`, `wait_for_message()` and `answers`.

    Reading cursor: `new_messages()` returns the bot messages sent or edited since the previous
    `new_messages()` call, and every action moves the cursor to "now". So

        await user.send("/start")
        replies = user.new_messages()   # exactly the bot's reactions to /start

    `wait_for_message()` (for polling mode) moves the cursor past the message it returns.
    """

    def __init__(self, fake: FakeTelegram, backend: Backend, user: Json) -> None:
        self._fake = fake
        self._backend = backend
        self._user = user
        self._cursor = 0  # change sequence number of the last bot message change seen
        self._last_text_message: Json | None = None

    def __repr__(self) -> str:
        return f"SimUser(id={self.id}, first_name={self.first_name!r})"

    @property
    def id(self) -> int:
        """The user id, which is also the id of the private chat with the bot."""
        return int(self._user["id"])

    @property
    def first_name(self) -> str:
        return str(self._user["first_name"])

    @property
    def json(self) -> Json:
        """The user as a Bot API User object."""
        return copy.deepcopy(self._user)

    # --- actions ---------------------------------------------------------------------------

    async def send(self, text: str) -> None:
        """Send a text message; a leading `/command` gets a bot_command entity."""
        entities = _command_entities(text)
        await self._send_message({"text": text, **({"entities": entities} if entities else {})})

    async def tap(self, label: str) -> None:
        """Press the button with exactly this visible text.

        Searches the bot's messages newest first for an inline button, sending its
        callback_data as a callback query; a label on the current reply keyboard is sent as a
        text message instead.
        """
        reply_keyboard_seen = False
        for message_id, inline_markup, chat_keyboard in self._backend.keyboards(self.id):
            button = _find_inline_button(inline_markup, label)
            if button is not None:
                if "callback_data" not in button:
                    raise AssertionError(
                        f"button {label!r} of message {message_id} sends no callback query: "
                        f"{button}"
                    )
                await self._send_callback_query(button["callback_data"], message_id)
                return
            if chat_keyboard is not None and not reply_keyboard_seen:
                reply_keyboard_seen = True  # older reply keyboards are replaced by this one
                if label in _reply_keyboard_labels(chat_keyboard):
                    await self.send(label)
                    return
        raise AssertionError(
            f"{self.first_name} sees no button {label!r}; buttons on screen: "
            f"{self._describe_buttons()}"
        )

    async def tap_data(self, data: str, message_id: int | None = None) -> None:
        """Send a callback query with arbitrary data, as if from a forged or stale button.

        `message_id` defaults to the newest bot message.
        """
        await self._send_callback_query(data, message_id)

    async def send_sticker(self, emoji: str = "👍") -> None:
        stored = self._backend.register_file(
            "sticker.webp", b"RIFF\x00\x00\x00\x00WEBP", "image/webp"
        )
        await self._send_message(
            {
                "sticker": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "type": "regular",
                    "width": STICKER_SIZE,
                    "height": STICKER_SIZE,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": emoji,
                    "file_size": len(stored.content),
                }
            }
        )

    async def send_photo(
        self, content: bytes = b"\xff\xd8\xff\xe0fake-jpeg", caption: str | None = None
    ) -> None:
        stored = self._backend.register_file("photo.jpg", content, "image/jpeg")
        await self._send_message({"photo": stored.photo_json(), **_caption(caption)})

    async def send_voice(self, duration: int = 3, content: bytes = b"OggSfake-voice") -> None:
        stored = self._backend.register_file("voice.ogg", content, "audio/ogg")
        await self._send_message(
            {
                "voice": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.file_unique_id,
                    "duration": duration,
                    "mime_type": stored.mime_type,
                    "file_size": len(content),
                }
            }
        )

    async def send_location(self, latitude: float, longitude: float) -> None:
        await self._send_message({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_document(
        self,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> None:
        mime_type = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._backend.register_file(filename, content, mime_type)
        await self._send_message({"document": stored.document_json(), **_caption(caption)})

    async def edit_last(self, text: str) -> None:
        """Edit the user's last text message (an `edited_message` update)."""
        if self._last_text_message is None:
            raise AssertionError(f"{self.first_name} has not sent a text message to edit")
        edited = {key: value for key, value in self._last_text_message.items() if key != "entities"}
        edited.update(text=text, edit_date=int(time.time()))
        if entities := _command_entities(text):
            edited["entities"] = entities
        self._last_text_message = edited
        await self._deliver({"edited_message": edited})

    async def block(self) -> None:
        """Block the bot: its calls to this chat now fail with 403 Forbidden."""
        self._backend.set_blocked(self.id, True)
        await self._deliver(self._membership_update("member", "kicked"))

    async def unblock(self) -> None:
        self._backend.set_blocked(self.id, False)
        await self._deliver(self._membership_update("kicked", "member"))

    # --- what the user sees ----------------------------------------------------------------

    @property
    def messages(self) -> list[SentMessage]:
        """The bot's messages in this chat, in chat order, in their current state."""
        return self._backend.bot_messages(self.id)

    @property
    def last(self) -> SentMessage:
        """The newest bot message."""
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has not sent {self.first_name} any message")
        return messages[-1]

    def texts(self) -> list[str]:
        return [message.text for message in self.messages]

    def new_messages(self) -> list[SentMessage]:
        """Bot messages sent or edited since the previous call or the user's last action."""
        changes = self._backend.changed_messages(self.id, self._cursor)
        if changes:
            self._cursor = changes[-1][0]
        return sorted((message for _, message in changes), key=lambda m: m.message_id)

    async def wait_for_message(
        self, contains: str | None = None, timeout: float = 5.0
    ) -> SentMessage:
        """Wait until the bot sends or edits a message (whose text contains `contains`) after
        the reading cursor, move the cursor past it and return it."""

        def find() -> tuple[int, SentMessage] | None:
            changes = self._backend.changed_messages(self.id, self._cursor)
            return next(
                (
                    (seq, message)
                    for seq, message in changes
                    if contains is None or contains in message.text
                ),
                None,
            )

        def describe() -> str:
            new_texts = [m.text for _, m in self._backend.changed_messages(self.id, self._cursor)]
            wanted = "a message" if contains is None else f"a message containing {contains!r}"
            return f"{wanted} to {self.first_name}; new messages: {new_texts}"

        seq, message = await self._fake.wait_until(find, timeout, waiting_for=describe)
        self._cursor = seq
        return message

    def visible_buttons(self) -> list[str]:
        """Labels of the newest inline keyboard, row by row."""
        for message in reversed(self.messages):
            if message.buttons:
                return [button.label for row in message.buttons for button in row]
        return []

    @property
    def answers(self) -> list[CallbackAnswer]:
        """The bot's answerCallbackQuery calls for this user's taps, oldest first."""
        return self._backend.callback_answers(self.id)

    # --- helpers ---------------------------------------------------------------------------

    async def _deliver(self, update: Json) -> None:
        self._cursor = self._backend.change_seq()
        await self._fake.deliver(update)

    async def _send_message(self, content: Json) -> None:
        message: Json = {
            "message_id": self._backend.new_user_message_id(self.id),
            "from": self.json,
            "chat": self._backend.chat_json(self.id),
            "date": int(time.time()),
            **content,
        }
        if "text" in message:
            self._last_text_message = message
        await self._deliver({"message": message})

    async def _send_callback_query(self, data: str, message_id: int | None) -> None:
        query = {
            "id": self._backend.new_callback_query_id(),
            "from": self.json,
            "message": self._backend.bot_message_json(self.id, message_id),
            "chat_instance": str(-7_000_000 - self.id),
            "data": data,
        }
        await self._deliver({"callback_query": query})

    def _membership_update(self, old_status: str, new_status: str) -> Json:
        def member(status: str) -> Json:
            until_date = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": self._fake.bot_user, **until_date}

        return {
            "my_chat_member": {
                "chat": self._backend.chat_json(self.id),
                "from": self.json,
                "date": int(time.time()),
                "old_chat_member": member(old_status),
                "new_chat_member": member(new_status),
            }
        }

    def _describe_buttons(self) -> str:
        keyboards = self._backend.keyboards(self.id)
        inline = [
            f"message {message_id}: {_inline_labels(markup)}"
            for message_id, markup, _ in keyboards
            if markup is not None
        ]
        reply = next((markup for _, _, markup in keyboards if markup is not None), None)
        reply_labels = _reply_keyboard_labels(reply) if reply is not None else []
        return f"inline {inline or 'none'}; reply keyboard {reply_labels or 'none'}"


def _command_entities(text: str) -> list[Json]:
    command = text.split(maxsplit=1)[0] if text.startswith("/") else ""
    if len(command) < 2:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_length(command)}]


def _caption(caption: str | None) -> Json:
    return {} if caption is None else {"caption": caption}


def _find_inline_button(markup: Json | None, label: str) -> Json | None:
    rows = (markup or {}).get("inline_keyboard", [])
    return next((button for row in rows for button in row if button.get("text") == label), None)


def _inline_labels(markup: Json) -> list[str]:
    return [button.get("text", "") for row in markup.get("inline_keyboard", []) for button in row]


def _reply_keyboard_labels(markup: Json) -> list[str]:
    return [keyboard_label(button) for row in markup.get("keyboard", []) for button in row]
