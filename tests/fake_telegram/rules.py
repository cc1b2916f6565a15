"""Telegram's rules for what a bot may send, as checks that raise `RuleBreach`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, TypeGuard

from .errors import RuleBreach

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
BUTTONS_PER_ROW_LIMIT = 8
BUTTONS_TOTAL_LIMIT = 100
COMMANDS_LIMIT = 100
COMMAND_DESCRIPTION_LIMIT = 256

INLINE_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_ENTITY_TYPE_BY_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


@dataclass(frozen=True)
class RenderedText:
    """A text as the user sees it, with its entities in Bot API JSON shape."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits and entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def render_text(
    text: str,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None,
    *,
    is_caption: bool,
) -> RenderedText:
    """Parse a message text or caption and check its length after entity parsing.

    HTML is parsed and validated like Telegram does. Markdown and MarkdownV2 are not parsed:
    the text is kept (and measured) as sent.
    """
    field_name = "caption" if is_caption else "text"
    mode = (parse_mode or "").lower()
    if mode == "html":
        rendered = _TelegramHtmlParser(field_name).render(text)
    elif mode in ("", "markdown", "markdownv2"):
        rendered = RenderedText(text, list(entities or []))
    else:
        raise RuleBreach(
            f"unsupported parse_mode {parse_mode!r}; use HTML, MarkdownV2 or Markdown",
            f"Bad Request: unsupported parse_mode {parse_mode}",
        )
    length = utf16_length(rendered.text)
    if is_caption and length > CAPTION_LIMIT:
        raise RuleBreach(
            f"caption is {length} UTF-16 code units after entity parsing; "
            f"the limit is {CAPTION_LIMIT}",
            "Bad Request: message caption is too long",
        )
    if not is_caption and not rendered.text.strip():
        raise RuleBreach(
            f"text is empty after entity parsing (sent {text!r})",
            "Bad Request: message text is empty",
        )
    if not is_caption and length > TEXT_LIMIT:
        raise RuleBreach(
            f"text is {length} UTF-16 code units after entity parsing; the limit is {TEXT_LIMIT}",
            "Bad Request: message is too long",
        )
    return rendered


def check_reply_markup(markup: object) -> dict[str, Any]:
    """Check an inline keyboard or reply keyboard against Telegram's limits; return it."""
    if not isinstance(markup, dict):
        raise RuleBreach(
            f"reply_markup must be a JSON object, got {markup!r}",
            "Bad Request: can't parse reply keyboard markup JSON object",
        )
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_reply_keyboard(markup["keyboard"])
    return markup


def check_callback_answer_text(text: str) -> None:
    if len(text) > CALLBACK_ANSWER_LIMIT:
        raise RuleBreach(
            f"answerCallbackQuery text is {len(text)} characters; "
            f"the limit is {CALLBACK_ANSWER_LIMIT}",
            "Bad Request: MESSAGE_TOO_LONG",
        )


def check_commands(commands: object) -> list[dict[str, Any]]:
    """Check a setMyCommands list (≤ 100 commands, lowercase names, 1–256 character
    descriptions); return it."""
    if not isinstance(commands, list):
        raise RuleBreach(
            f"commands must be a JSON array, got {commands!r}",
            "Bad Request: can't parse commands JSON object",
        )
    if len(commands) > COMMANDS_LIMIT:
        raise RuleBreach(
            f"{len(commands)} bot commands; the limit is {COMMANDS_LIMIT}",
            "Bad Request: BOT_COMMANDS_TOO_MUCH",
        )
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        if not isinstance(name, str) or not _COMMAND.fullmatch(name):
            raise RuleBreach(
                f"invalid bot command {command!r}: the name must be 1-32 characters "
                "of lowercase letters, digits and underscores, without the leading '/'",
                "Bad Request: BOT_COMMAND_INVALID",
            )
        description = command.get("description", "")
        if (
            not isinstance(description, str)
            or not 1 <= len(description) <= COMMAND_DESCRIPTION_LIMIT
        ):
            raise RuleBreach(
                f"the description of /{name} must be 1-{COMMAND_DESCRIPTION_LIMIT} characters",
                "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID",
            )
    return commands


def _check_inline_keyboard(rows: object) -> None:
    if not _is_list_of_lists(rows):
        raise RuleBreach(
            f"inline_keyboard must be an array of button rows, got {rows!r}",
            'Bad Request: can\'t parse inline keyboard button: field "inline_keyboard" '
            "must be an Array of Arrays",
        )
    total = 0
    for row in rows:
        if len(row) > BUTTONS_PER_ROW_LIMIT:
            raise RuleBreach(
                f"an inline keyboard row has {len(row)} buttons; "
                f"the limit is {BUTTONS_PER_ROW_LIMIT}",
                "Bad Request: reply markup is too long",
            )
        total += len(row)
        for button in row:
            _check_inline_button(button)
    if total > BUTTONS_TOTAL_LIMIT:
        raise RuleBreach(
            f"the inline keyboard has {total} buttons; the limit is {BUTTONS_TOTAL_LIMIT}",
            "Bad Request: reply markup is too long",
        )


def _check_inline_button(button: object) -> None:
    label = button.get("text") if isinstance(button, dict) else None
    if not isinstance(button, dict) or not isinstance(label, str) or not label:
        raise RuleBreach(
            f"inline keyboard button without text: {button!r}",
            "Bad Request: can't parse inline keyboard button: Text must be non-empty",
        )
    actions = [action for action in INLINE_BUTTON_ACTIONS if action in button]
    if len(actions) != 1:
        raise RuleBreach(
            f"inline button {label!r} has {len(actions)} actions {actions}; exactly one of "
            f"{', '.join(INLINE_BUTTON_ACTIONS)} is required",
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in "
            "the inline keyboard",
        )
    data = button.get("callback_data")
    if "callback_data" in button:
        size = len(data.encode("utf-8")) if isinstance(data, str) else 0
        if not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise RuleBreach(
                f"callback_data of button {label!r} is {size} bytes in UTF-8; "
                f"it must be 1-{CALLBACK_DATA_LIMIT} bytes ({data!r})",
                "Bad Request: BUTTON_DATA_INVALID",
            )


def _check_reply_keyboard(rows: object) -> None:
    if not _is_list_of_lists(rows):
        raise RuleBreach(
            f"keyboard must be an array of button rows, got {rows!r}",
            "Bad Request: can't parse reply keyboard markup JSON object",
        )
    for row in rows:
        for button in row:
            label = button.get("text") if isinstance(button, dict) else button
            if not isinstance(label, str) or not label:
                raise RuleBreach(
                    f"reply keyboard button without text: {button!r}",
                    "Bad Request: keyboard button text must be non-empty",
                )


def _is_list_of_lists(value: object) -> TypeGuard[list[list[Any]]]:
    return isinstance(value, list) and all(isinstance(row, list) for row in value)


class _HtmlError(Exception):
    pass


@dataclass
class _OpenTag:
    tag: str
    offset: int
    entity: dict[str, Any] | None  # None for <code> merged into its enclosing <pre>


class _TelegramHtmlParser(HTMLParser):
    """Parses Telegram's HTML subset into plain text and entities, rejecting anything else."""

    def __init__(self, field_name: str) -> None:
        super().__init__(convert_charrefs=False)
        self._field_name = field_name
        self._parts: list[str] = []
        self._offset = 0
        self._open: list[_OpenTag] = []
        self._entities: list[tuple[int, int, dict[str, Any]]] = []  # offset, length, entity

    def render(self, markup: str) -> RenderedText:
        try:
            self.feed(markup)
            self.close()
            if self._open:
                raise _HtmlError(f"<{self._open[-1].tag}> is never closed")
        except _HtmlError as error:
            raise RuleBreach(
                f"{self._field_name} is not valid Telegram HTML: {error} in {markup!r}",
                f"Bad Request: can't parse entities: {error}",
            ) from None
        entities = [
            {**entity, "offset": offset, "length": length}
            for offset, length, entity in sorted(self._entities, key=lambda e: (e[0], -e[1]))
        ]
        return RenderedText("".join(self._parts), entities)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        entity_type = _ENTITY_TYPE_BY_TAG.get(tag)
        if entity_type is None:
            raise _HtmlError(f"unsupported start tag <{tag}>")
        parent = self._open[-1].tag if self._open else None
        if parent in ("pre", "code") and not (parent == "pre" and tag == "code"):
            raise _HtmlError(f"<{tag}> inside <{parent}>: pre and code can't contain entities")
        attributes = dict(attrs)
        entity: dict[str, Any] | None = {"type": entity_type}
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise _HtmlError('<span> is only supported with class="tg-spoiler"')
        if tag == "a":
            if not attributes.get("href"):
                raise _HtmlError("<a> without href")
            entity = {"type": entity_type, "url": attributes["href"]}
        if tag == "tg-emoji":
            if not attributes.get("emoji-id"):
                raise _HtmlError("<tg-emoji> without emoji-id")
            entity = {"type": entity_type, "custom_emoji_id": attributes["emoji-id"]}
        if tag == "blockquote" and "expandable" in attributes:
            entity = {"type": "expandable_blockquote"}
        if tag == "code" and parent == "pre":
            language = (attributes.get("class") or "").removeprefix("language-")
            pre_entity = self._open[-1].entity
            if language and pre_entity is not None:
                pre_entity["language"] = language
            entity = None
        self._open.append(_OpenTag(tag, self._offset, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            raise _HtmlError(f"end tag </{tag}> without a start tag")
        opened = self._open.pop()
        if opened.tag != tag:
            raise _HtmlError(f"end tag </{tag}> does not match <{opened.tag}>")
        length = self._offset - opened.offset
        if opened.entity is not None and length > 0:
            self._entities.append((opened.offset, length, opened.entity))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _HtmlError(f"self-closing tag <{tag}/> is not supported")

    def handle_data(self, data: str) -> None:
        for char, escape in _ESCAPES.items():
            if char in data:
                raise _HtmlError(f"unescaped {char!r} (write {escape})")
        self._append(data)

    def handle_entityref(self, name: str) -> None:
        char = _NAMED_ENTITIES.get(name)
        if char is None:
            raise _HtmlError(
                f"unsupported entity &{name}; (only &lt; &gt; &amp; &quot; and numeric ones)"
            )
        self._append(char)

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
            self._append(chr(code))
        except (ValueError, OverflowError):
            raise _HtmlError(f"invalid character reference &#{name};") from None

    def handle_comment(self, data: str) -> None:
        raise _HtmlError("comments are not supported")

    def handle_decl(self, decl: str) -> None:
        raise _HtmlError(f"declaration <!{decl}> is not supported")

    def unknown_decl(self, data: str) -> None:
        raise _HtmlError(f"declaration <![{data}]> is not supported")

    def handle_pi(self, data: str) -> None:
        raise _HtmlError(f"processing instruction <?{data}> is not supported")

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._offset += utf16_length(text)
