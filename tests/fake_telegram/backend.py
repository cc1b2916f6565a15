"""The state of the fake Telegram and its implementation of the Bot API methods.

Requests run on the HTTP server's threads while tests read and change the state from their
asyncio thread, so every public method takes the lock. The lock is a Condition: getUpdates
waits on it for new updates.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from itertools import count
from typing import Literal

from .errors import ApiError, BotApiViolation, RuleBreach
from .models import (
    CallbackAnswer,
    ChatState,
    FakeTelegramStats,
    Json,
    PendingCallback,
    SentMessage,
    StoredFile,
    StoredMessage,
)
from .ratelimit import RateLimiter
from .rules import (
    RenderedText,
    check_callback_answer_text,
    check_commands,
    check_reply_markup,
    render_text,
)
from .wire import Params, UploadedFile

UpdateStatus = Literal["queued", "fetched", "dropped"]

FIRST_USER_ID = 1000
GET_UPDATES_LIMIT = 100
# Telegram's limits are about messages, so only these methods count against the rate limits.
RATE_LIMITED_METHODS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"}
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_MISSING_PARAM_ERRORS = {
    "text": "Bad Request: message text is empty",
    "callback_query_id": QUERY_INVALID,
}


class Backend:
    """Chats, updates, files and checks of one fake Telegram; thread-safe."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_first_name: str,
        rate_limit_per_second: float | None,
        per_chat_per_second: float | None,
    ) -> None:
        bot_id, _, _ = token.partition(":")
        if not bot_id.isdigit():
            raise ValueError(f"a bot token starts with the bot id and a colon, got {token!r}")
        self._token = token
        self.bot_user: Json = {
            "id": int(bot_id),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self._lock = threading.Condition(threading.RLock())
        self._stopping = False
        self._ids = count(1)  # for file ids and callback query ids
        self._chats: dict[int, ChatState] = {}
        self._updates: list[Json] = []  # delivered to getUpdates and not yet confirmed
        self._last_update_id = 0
        self._fetched_update_id = 0
        self._dropped_update_ids: set[int] = set()
        self._callbacks: dict[str, PendingCallback] = {}
        self._files: dict[str, StoredFile] = {}
        self._change_seq = 0
        self._violations: list[BotApiViolation] = []
        self._stats = FakeTelegramStats()
        self._injected_failures: dict[str, deque[int]] = {}
        self._queries_to_expire = 0
        self._limiter = (
            RateLimiter(rate_limit_per_second, per_chat_per_second)
            if rate_limit_per_second is not None or per_chat_per_second is not None
            else None
        )
        self._webhook_url = ""
        self._commands: dict[tuple[str, str], list[Json]] = {}
        self._menu_buttons: dict[int | None, Json] = {}
        self._methods: dict[str, Callable[[Params], object]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "setmycommands": self._set_my_commands,
            "deletemycommands": self._delete_my_commands,
            "getmycommands": self._get_my_commands,
            "setchatmenubutton": self._set_chat_menu_button,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "senddocument": lambda params: self._send_file(params, "document"),
            "sendphoto": lambda params: self._send_file(params, "photo"),
            "sendchataction": self._send_chat_action,
            "getchat": self._get_chat,
            "getfile": self._get_file,
        }

    # --- the HTTP side ---------------------------------------------------------------------

    def handle(self, token: str, method: str, params: Params) -> object:
        """Run one Bot API call; raises ApiError for an error answer."""
        with self._lock:
            self._stats.requests[method] += 1
            try:
                return self._handle(token, method, params)
            except ApiError as error:
                if error.error_code == 429:
                    self._stats.too_many_requests += 1
                raise

    def file_content(self, token: str, file_path: str) -> bytes | None:
        with self._lock:
            if token != self._token:
                return None
            for stored in self._files.values():
                if stored.file_path == file_path:
                    return stored.content
            return None

    def stop(self) -> None:
        """Wake up long-polling getUpdates calls so the server can shut down."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()

    # --- the test side ---------------------------------------------------------------------

    def add_user(
        self, first_name: str, language_code: str, user_id: int | None, username: str | None
    ) -> Json:
        with self._lock:
            if user_id is None:
                user_id = max([FIRST_USER_ID - 1, *self._chats]) + 1
            elif user_id in self._chats:
                raise ValueError(f"a user with id {user_id} already exists")
            user: Json = {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name,
                "language_code": language_code,
            }
            if username is not None:
                user["username"] = username
            self._chats[user_id] = ChatState(user=user)
            return copy.deepcopy(user)

    def chat_json(self, chat_id: int) -> Json:
        with self._lock:
            return self._chats[chat_id].json

    def new_user_message_id(self, chat_id: int) -> int:
        with self._lock:
            chat = self._chats[chat_id]
            message_id = chat.next_message_id()
            chat.user_message_ids.add(message_id)
            return message_id

    def new_callback_query_id(self) -> str:
        with self._lock:
            return str(4_000_000_000_000 + next(self._ids))

    def set_blocked(self, chat_id: int, blocked: bool) -> None:
        with self._lock:
            self._chats[chat_id].blocked = blocked

    def stamp_update(self, body: Json) -> Json:
        """Give an update its update_id and start tracking its callback query, if any."""
        with self._lock:
            self._last_update_id += 1
            update = {"update_id": self._last_update_id, **body}
            query = update.get("callback_query")
            if query is not None:
                # In a private chat the chat id is the user id.
                self._callbacks[query["id"]] = PendingCallback(
                    query["from"]["id"], query.get("data")
                )
            return update

    def enqueue(self, update: Json) -> None:
        with self._lock:
            self._updates.append(copy.deepcopy(update))
            self._lock.notify_all()

    def mark_dispatched(self, update: Json) -> None:
        """Record that an update was handed to the bot directly (without getUpdates)."""
        with self._lock:
            self._fetched_update_id = max(self._fetched_update_id, update["update_id"])
            self._mark_callback_fetched(update)

    def update_status(self, update_id: int) -> UpdateStatus:
        with self._lock:
            if update_id in self._dropped_update_ids:
                return "dropped"
            return "fetched" if update_id <= self._fetched_update_id else "queued"

    def check_callback_answered(self, query_id: str) -> None:
        with self._lock:
            self._check_callback(query_id, self._callbacks[query_id])

    def check_fetched_callbacks_answered(self, grace_period: float) -> None:
        """Wait until every fetched callback query had `grace_period` to be answered, then
        record a violation for each one that was not."""
        while True:
            with self._lock:
                pending = [
                    (query_id, callback)
                    for query_id, callback in self._callbacks.items()
                    if callback.fetched_at is not None and not callback.checked
                ]
                now = time.monotonic()
                remaining = max(
                    (callback.seconds_left(grace_period, now) for _, callback in pending),
                    default=0.0,
                )
                if remaining <= 0:
                    for query_id, callback in pending:
                        self._check_callback(query_id, callback)
                    return
            time.sleep(min(remaining, 0.01))

    def changed_messages(self, chat_id: int, after_seq: int) -> list[tuple[int, SentMessage]]:
        """Bot messages sent or edited after change `after_seq`, in the order of the changes."""
        with self._lock:
            changed = [
                message
                for message in self._chats[chat_id].bot_messages.values()
                if message.change_seq > after_seq
            ]
            changed.sort(key=lambda message: message.change_seq)
            return [(message.change_seq, message.snapshot()) for message in changed]

    def change_seq(self) -> int:
        with self._lock:
            return self._change_seq

    def bot_messages(self, chat_id: int) -> list[SentMessage]:
        with self._lock:
            return [message.snapshot() for message in self._chats[chat_id].bot_messages.values()]

    def bot_message_json(self, chat_id: int, message_id: int | None) -> Json:
        """A bot message as Bot API JSON; the newest one if `message_id` is None."""
        with self._lock:
            messages = self._chats[chat_id].bot_messages
            if not messages:
                raise AssertionError(f"the bot has not sent any message to chat {chat_id}")
            if message_id is None:
                message_id = next(reversed(messages))
            if message_id not in messages:
                raise AssertionError(f"chat {chat_id} has no bot message {message_id}")
            return messages[message_id].to_json()

    def keyboards(self, chat_id: int) -> list[tuple[int, Json | None, Json | None]]:
        """(message_id, inline markup, reply keyboard markup) of bot messages that have any,
        newest first."""
        with self._lock:
            return [
                (
                    message.message_id,
                    copy.deepcopy(message.inline_markup),
                    copy.deepcopy(message.chat_keyboard),
                )
                for message in reversed(self._chats[chat_id].bot_messages.values())
                if message.inline_markup is not None or message.chat_keyboard is not None
            ]

    def callback_answers(self, chat_id: int) -> list[CallbackAnswer]:
        with self._lock:
            return list(self._chats[chat_id].answers)

    def register_file(self, filename: str, content: bytes, mime_type: str) -> StoredFile:
        with self._lock:
            return self._register_file(filename, content, mime_type)

    def record_violation(self, problem: str) -> None:
        with self._lock:
            self._violations.append(BotApiViolation(problem))

    def violations(self) -> list[BotApiViolation]:
        with self._lock:
            return list(self._violations)

    def take_violations(self) -> list[BotApiViolation]:
        with self._lock:
            taken, self._violations = self._violations, []
            return taken

    def stats(self) -> FakeTelegramStats:
        with self._lock:
            return replace(self._stats, requests=self._stats.requests.copy())

    def expire_next_callback_queries(self, count: int) -> None:
        with self._lock:
            self._queries_to_expire += count

    def fail_next(self, method: str, error_code: int, count: int) -> None:
        with self._lock:
            queue = self._injected_failures.setdefault(method.lower(), deque())
            queue.extend([error_code] * count)

    def commands(self, scope: Json | None, language_code: str) -> list[Json]:
        with self._lock:
            return copy.deepcopy(self._commands.get(_commands_key(scope, language_code), []))

    def menu_button(self, chat_id: int | None) -> Json | None:
        with self._lock:
            return copy.deepcopy(self._menu_buttons.get(chat_id))

    # --- request handling ------------------------------------------------------------------

    def _handle(self, token: str, method: str, params: Params) -> object:
        if token != self._token:
            self._violations.append(
                BotApiViolation(f"{method}: called with the wrong token {token!r}")
            )
            raise ApiError(401, "Unauthorized")
        handler = self._methods.get(method.lower())
        if handler is None:
            self._violations.append(BotApiViolation(f"unknown Bot API method {method!r}"))
            raise ApiError(404, "Not Found")
        self._raise_injected_failure(method)
        self._apply_rate_limit(method, params)
        try:
            return handler(params)
        except RuleBreach as breach:
            where = f"{method} to chat {params['chat_id']}" if "chat_id" in params else method
            self._violations.append(BotApiViolation(f"{where}: {breach.problem}"))
            raise ApiError(400, breach.telegram_error) from None

    def _raise_injected_failure(self, method: str) -> None:
        failures = self._injected_failures.get(method.lower())
        if not failures:
            return
        error_code = failures.popleft()
        if error_code == 429:
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        raise ApiError(error_code, _injected_error_description(error_code))

    def _apply_rate_limit(self, method: str, params: Params) -> None:
        if self._limiter is None or method.lower() not in RATE_LIMITED_METHODS:
            return
        chat_id = params.get("chat_id")
        retry_after = self._limiter.acquire(chat_id if isinstance(chat_id, int | str) else None)
        if retry_after is not None:
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )

    # --- Bot API methods -------------------------------------------------------------------

    def _get_me(self, params: Params) -> Json:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: Params) -> list[Json]:
        offset = _optional_int(params, "offset", 0)
        limit = min(max(_optional_int(params, "limit", GET_UPDATES_LIMIT), 1), GET_UPDATES_LIMIT)
        timeout = _optional_int(params, "timeout", 0)
        if self._webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        if offset > 0:
            self._forget_updates([u for u in self._updates if u["update_id"] < offset])
        elif offset < 0:
            self._forget_updates(self._updates[:offset])
        deadline = time.monotonic() + timeout
        while not self._updates and not self._stopping:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._lock.wait(remaining)
        batch = self._updates[:limit]
        for update in batch:
            self._mark_callback_fetched(update)
        if batch:
            self._fetched_update_id = max(self._fetched_update_id, batch[-1]["update_id"])
        return copy.deepcopy(batch)

    def _delete_webhook(self, params: Params) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates") is True:
            self._forget_updates(self._updates)
        return True

    def _set_webhook(self, params: Params) -> bool:
        self._webhook_url = str(params.get("url", ""))
        return True

    def _get_webhook_info(self, params: Params) -> Json:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _set_my_commands(self, params: Params) -> bool:
        commands = check_commands(_required(params, "commands"))
        self._commands[_commands_key(_scope(params), _language_code(params))] = commands
        return True

    def _delete_my_commands(self, params: Params) -> bool:
        self._commands.pop(_commands_key(_scope(params), _language_code(params)), None)
        return True

    def _get_my_commands(self, params: Params) -> list[Json]:
        key = _commands_key(_scope(params), _language_code(params))
        return copy.deepcopy(self._commands.get(key, []))

    def _set_chat_menu_button(self, params: Params) -> bool:
        chat_id = params.get("chat_id")
        if chat_id is not None:
            self._chat(params)
        menu_button = params.get("menu_button", {"type": "default"})
        if not isinstance(menu_button, dict):
            raise RuleBreach(
                f"menu_button must be a JSON object, got {menu_button!r}",
                "Bad Request: can't parse menu button JSON object",
            )
        self._menu_buttons[chat_id if isinstance(chat_id, int) else None] = menu_button
        return True

    def _send_message(self, params: Params) -> Json:
        _required(params, "chat_id")
        text = _required_str(params, "text")
        rendered = render_text(
            text,
            _parse_mode(params),
            _entities(params, "entities"),
            is_caption=False,
        )
        inline_markup, chat_keyboard = _reply_markup(params)
        chat = self._reachable_chat(params)
        return self._store_message(
            chat,
            raw_text=text,
            parse_mode=_parse_mode(params),
            rendered=rendered,
            inline_markup=inline_markup,
            chat_keyboard=chat_keyboard,
        )

    def _send_file(self, params: Params, kind: Literal["document", "photo"]) -> Json:
        _required(params, "chat_id")
        file_param = _required(params, kind)
        caption = str(params.get("caption", ""))
        rendered = render_text(
            caption, _parse_mode(params), _entities(params, "caption_entities"), is_caption=True
        )
        inline_markup, chat_keyboard = _reply_markup(params)
        chat = self._reachable_chat(params)
        stored_file = self._resolve_file(file_param, kind)
        return self._store_message(
            chat,
            raw_text=caption,
            parse_mode=_parse_mode(params),
            rendered=rendered,
            inline_markup=inline_markup,
            chat_keyboard=chat_keyboard,
            document=stored_file if kind == "document" else None,
            photo=stored_file if kind == "photo" else None,
        )

    def _edit_message_text(self, params: Params) -> Json:
        _required(params, "chat_id")
        _required(params, "message_id")
        text = _required_str(params, "text")
        rendered = render_text(
            text, _parse_mode(params), _entities(params, "entities"), is_caption=False
        )
        inline_markup = _inline_markup(params)
        message = self._message_to_edit(params)
        if message.has_media:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if message.rendered == rendered and message.inline_markup == inline_markup:
            raise ApiError(400, NOT_MODIFIED)
        message.history.append(message.rendered.text)
        message.raw_text = text
        message.parse_mode = _parse_mode(params)
        message.rendered = rendered
        message.inline_markup = inline_markup
        self._touch(message)
        return message.to_json()

    def _edit_message_reply_markup(self, params: Params) -> Json:
        _required(params, "chat_id")
        _required(params, "message_id")
        inline_markup = _inline_markup(params)
        message = self._message_to_edit(params)
        if message.inline_markup == inline_markup:
            raise ApiError(400, NOT_MODIFIED)
        message.history.append(message.rendered.text)
        message.inline_markup = inline_markup
        self._touch(message)
        return message.to_json()

    def _delete_message(self, params: Params) -> bool:
        chat = self._chat(params)
        message_id = _required(params, "message_id")
        if message_id in chat.bot_messages:
            del chat.bot_messages[message_id]
        elif message_id in chat.user_message_ids:
            chat.user_message_ids.remove(message_id)
        else:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _answer_callback_query(self, params: Params) -> bool:
        query_id = _required_str(params, "callback_query_id")
        text = params.get("text")
        if text is not None:
            check_callback_answer_text(str(text))
        callback = self._callbacks.get(query_id)
        if callback is None:
            raise RuleBreach(f"unknown callback_query_id {query_id!r}", QUERY_INVALID)
        if callback.answered:
            raise RuleBreach(
                f"callback query {query_id!r} (data {callback.data!r}) was already answered",
                QUERY_INVALID,
            )
        callback.answered = True
        if self._queries_to_expire:
            # Tapped while the bot was away: Telegram cleared the spinner long ago and
            # refuses a late answer (not a rule the bot broke).
            self._queries_to_expire -= 1
            raise ApiError(400, QUERY_INVALID)
        chat = self._chats.get(callback.chat_id)
        if chat is not None:
            chat.answers.append(
                CallbackAnswer(
                    text=None if text is None else str(text),
                    show_alert=params.get("show_alert") is True,
                )
            )
        return True

    def _send_chat_action(self, params: Params) -> bool:
        _required(params, "chat_id")
        action = _required_str(params, "action")
        if action not in CHAT_ACTIONS:
            raise RuleBreach(
                f"unknown chat action {action!r}", "Bad Request: wrong parameter action in request"
            )
        self._reachable_chat(params)
        return True

    def _get_chat(self, params: Params) -> Json:
        chat = self._chat(params)
        return {
            **chat.json,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _get_file(self, params: Params) -> Json:
        file_id = _required_str(params, "file_id")
        stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return stored.file_json()

    # --- helpers ---------------------------------------------------------------------------

    def _chat(self, params: Params) -> ChatState:
        chat_id = _required(params, "chat_id")
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat

    def _reachable_chat(self, params: Params) -> ChatState:
        chat = self._chat(params)
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _message_to_edit(self, params: Params) -> StoredMessage:
        chat = self._reachable_chat(params)
        message_id = params["message_id"]
        if message_id in chat.user_message_ids:
            raise ApiError(400, "Bad Request: message can't be edited")
        message = chat.bot_messages.get(message_id) if isinstance(message_id, int) else None
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _store_message(
        self,
        chat: ChatState,
        *,
        raw_text: str,
        parse_mode: str | None,
        rendered: RenderedText,
        inline_markup: Json | None,
        chat_keyboard: Json | None,
        document: StoredFile | None = None,
        photo: StoredFile | None = None,
    ) -> Json:
        self._change_seq += 1
        message = StoredMessage(
            message_id=chat.next_message_id(),
            date=int(time.time()),
            chat=chat.json,
            sender=self.bot_user,
            raw_text=raw_text,
            parse_mode=parse_mode,
            rendered=rendered,
            inline_markup=inline_markup,
            chat_keyboard=chat_keyboard,
            change_seq=self._change_seq,
            document=document,
            photo=photo,
        )
        chat.bot_messages[message.message_id] = message
        return message.to_json()

    def _touch(self, message: StoredMessage) -> None:
        self._change_seq += 1
        message.change_seq = self._change_seq
        message.edit_date = int(time.time())

    def _resolve_file(self, value: object, kind: str) -> StoredFile:
        if isinstance(value, UploadedFile):
            return self._register_file(value.filename, value.content, value.mime_type)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            filename = value.rstrip("/").rpartition("/")[2] or kind
            return self._register_file(filename, b"", "application/octet-stream")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _register_file(self, filename: str, content: bytes, mime_type: str) -> StoredFile:
        number = next(self._ids)
        stored = StoredFile(
            file_id=f"FAKE_FILE_{number}",
            file_unique_id=f"FAKE_UNIQUE_{number}",
            filename=filename,
            content=content,
            mime_type=mime_type,
        )
        self._files[stored.file_id] = stored
        return stored

    def _forget_updates(self, updates: list[Json]) -> None:
        forgotten = {update["update_id"] for update in updates}
        self._dropped_update_ids.update(i for i in forgotten if i > self._fetched_update_id)
        self._updates = [u for u in self._updates if u["update_id"] not in forgotten]

    def _mark_callback_fetched(self, update: Json) -> None:
        query = update.get("callback_query")
        if query is None:
            return
        callback = self._callbacks[query["id"]]
        if callback.fetched_at is None:
            callback.fetched_at = time.monotonic()

    def _check_callback(self, query_id: str, callback: PendingCallback) -> None:
        callback.checked = True
        if not callback.answered:
            self._violations.append(
                BotApiViolation(
                    f"callback query {query_id!r} (data {callback.data!r}) from chat "
                    f"{callback.chat_id} was never answered; call answerCallbackQuery "
                    "(`await query.answer()`) for every callback query"
                )
            )


def _required(params: Params, name: str) -> object:
    value = params.get(name)
    if value is None or value == "":
        raise RuleBreach(
            f"missing required parameter {name!r}",
            _MISSING_PARAM_ERRORS.get(name, f"Bad Request: {name} is empty"),
        )
    return value


def _required_str(params: Params, name: str) -> str:
    value = _required(params, name)
    if not isinstance(value, str):
        raise RuleBreach(
            f"parameter {name!r} must be a string, got {value!r}", f"Bad Request: invalid {name}"
        )
    return value


def _optional_int(params: Params, name: str, default: int) -> int:
    value = params.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise RuleBreach(
            f"parameter {name!r} must be an integer, got {value!r}",
            f"Bad Request: invalid {name}",
        )
    return value


def _parse_mode(params: Params) -> str | None:
    parse_mode = params.get("parse_mode")
    return parse_mode if isinstance(parse_mode, str) and parse_mode else None


def _entities(params: Params, name: str) -> list[Json] | None:
    entities = params.get(name)
    if entities is not None and not isinstance(entities, list):
        raise RuleBreach(
            f"{name} must be a JSON array, got {entities!r}",
            f"Bad Request: can't parse {name} JSON object",
        )
    return entities


def _reply_markup(params: Params) -> tuple[Json | None, Json | None]:
    """Split reply_markup into (inline keyboard markup, other markup)."""
    markup = params.get("reply_markup")
    if markup is None:
        return None, None
    markup = check_reply_markup(markup)
    return (markup, None) if "inline_keyboard" in markup else (None, markup)


def _inline_markup(params: Params) -> Json | None:
    """The reply_markup of an edit, which can only be an inline keyboard."""
    inline_markup, other_markup = _reply_markup(params)
    if other_markup is not None:
        raise RuleBreach(
            f"messages can only be edited with an inline keyboard, got {other_markup!r}",
            "Bad Request: inline keyboard expected",
        )
    return inline_markup


def _scope(params: Params) -> Json | None:
    scope = params.get("scope")
    return scope if isinstance(scope, dict) else None


def _language_code(params: Params) -> str:
    language_code = params.get("language_code", "")
    return language_code if isinstance(language_code, str) else ""


def _commands_key(scope: Json | None, language_code: str) -> tuple[str, str]:
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code


def _injected_error_description(error_code: int) -> str:
    try:
        phrase = HTTPStatus(error_code).phrase
    except ValueError:
        phrase = f"Error {error_code}"
    return phrase if error_code >= 500 else f"{phrase}: injected failure"
