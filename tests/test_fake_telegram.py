"""Tests of the fake Telegram Bot API, driven through a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, EndPointNotFound, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_telegram import BotApiViolation, Button, FakeTelegram, SimUser

YES_NO = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Ja", callback_data="answer:yes"),
            InlineKeyboardButton("Nee", callback_data="answer:no"),
        ]
    ]
)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    client = Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
    await client.initialize()
    yield client
    await client.shutdown()


@pytest.fixture
def anna(fake: FakeTelegram) -> SimUser:
    return fake.user(first_name="Anna", language_code="nl")


@pytest.fixture
def received(fake: FakeTelegram) -> list[dict[str, Any]]:
    """Direct mode with a dispatcher that only records the updates."""
    updates: list[dict[str, Any]] = []

    async def record(update: dict[str, Any]) -> None:
        updates.append(update)

    fake.set_dispatcher(record)
    return updates


async def test_get_me_describes_the_bot(bot: Bot) -> None:
    assert bot.id == 123456
    assert bot.username == "kansrijk_test_bot"
    assert bot.bot.is_bot


async def test_sent_message_is_seen_by_the_user(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    sent = await bot.send_message(
        anna.id,
        "<b>Welkom</b> &amp; fijn dat je er bent",
        parse_mode=ParseMode.HTML,
        reply_markup=YES_NO,
    )

    assert sent.message_id == 1
    assert sent.text == "Welkom & fijn dat je er bent"
    assert sent.entities[0].type == "bold" and sent.entities[0].length == 6
    assert anna.last.text == "Welkom & fijn dat je er bent"
    assert anna.last.raw_text == "<b>Welkom</b> &amp; fijn dat je er bent"
    assert anna.last.buttons == [[("Ja", "answer:yes"), ("Nee", "answer:no")]]
    assert anna.visible_buttons() == ["Ja", "Nee"]
    assert [m.message_id for m in anna.new_messages()] == [1]
    assert anna.new_messages() == []
    fake.assert_no_violations()


async def test_callback_data_over_64_bytes_is_a_violation(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Te lang", callback_data="é" * 32 + "x")]]
    )

    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(anna.id, "Kies", reply_markup=keyboard)

    [violation] = fake.take_violations()
    assert "65 bytes" in str(violation)
    assert anna.messages == []


@pytest.mark.parametrize(
    "markup",
    [
        "<b>niet gesloten",
        "<p>alinea</p>",
        "1 < 2",
        "Tom & Jerry",
        "<b><i>gekruist</b></i>",
        "&nbsp;",
        "regel<br/>regel",
        '<span class="rood">x</span>',
        "<code><b>vet in code</b></code>",
    ],
)
async def test_malformed_html_is_a_violation(
    fake: FakeTelegram, bot: Bot, anna: SimUser, markup: str
) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(anna.id, markup, parse_mode=ParseMode.HTML)

    [violation] = fake.take_violations()
    assert "not valid Telegram HTML" in str(violation)


async def test_telegram_html_is_accepted(fake: FakeTelegram, bot: Bot, anna: SimUser) -> None:
    markup = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><del>d</del>"
        '<tg-spoiler>sp</tg-spoiler><span class="tg-spoiler">sp</span>'
        '<a href="https://example.org/?a=1&amp;b=2">link</a><code>x &lt; y</code>'
        '<pre><code class="language-python">print(1)</code></pre>'
        "<blockquote expandable>citaat</blockquote>&#128512;&quot;"
    )

    sent = await bot.send_message(anna.id, markup, parse_mode=ParseMode.HTML)

    assert "x < y" in sent.text and sent.text.endswith('citaat😀"')
    pre = next(entity for entity in sent.entities if entity.type == "pre")
    assert pre.language == "python"
    fake.assert_no_violations()


async def test_text_length_is_counted_in_utf16_after_entity_parsing(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    await bot.send_message(anna.id, "<b>" + "a" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    fake.assert_no_violations()

    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(anna.id, "😀" * 2049)  # 4098 UTF-16 code units

    [violation] = fake.take_violations()
    assert "4098 UTF-16 code units" in str(violation)


async def test_an_edit_to_a_text_over_4096_characters_is_a_violation(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    sent = await bot.send_message(anna.id, "Namen:")

    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.edit_message_text(
            "Namen: " + "&amp;" * 4090, anna.id, sent.message_id, parse_mode=ParseMode.HTML
        )

    [violation] = fake.take_violations()
    assert "editMessageText" in str(violation) and "4097 UTF-16 code units" in str(violation)
    assert anna.last.text == "Namen:"


async def test_blocked_user_gives_forbidden_until_unblocked(
    fake: FakeTelegram, bot: Bot, anna: SimUser, received: list[dict[str, Any]]
) -> None:
    await anna.block()

    member_update = received[-1]["my_chat_member"]
    assert member_update["old_chat_member"]["status"] == "member"
    assert member_update["new_chat_member"]["status"] == "kicked"
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(anna.id, "Hallo?")

    await anna.unblock()
    await bot.send_message(anna.id, "Welkom terug")

    assert anna.texts() == ["Welkom terug"]
    fake.assert_no_violations()


async def test_editing_with_the_same_content_is_not_modified(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    sent = await bot.send_message(
        anna.id, "<b>Vraag</b>", parse_mode=ParseMode.HTML, reply_markup=YES_NO
    )

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>Vraag</b>", anna.id, sent.message_id, parse_mode=ParseMode.HTML, reply_markup=YES_NO
        )
    await bot.edit_message_text("Beantwoord", anna.id, sent.message_id)

    assert anna.last.text == "Beantwoord"
    assert anna.last.buttons == []  # editMessageText without reply_markup drops the keyboard
    assert anna.last.edited and anna.last.history == ["Vraag"]
    fake.assert_no_violations()


async def test_realistic_errors_are_not_violations(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "Hallo")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("Nieuw", anna.id, 99)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(anna.id, 99)

    fake.assert_no_violations()


async def test_send_document_arrives_with_filename_and_content(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    content = b"%PDF-1.7\r\n--boundary-lookalike\r\n\x00\xff"

    sent = await bot.send_document(
        anna.id,
        content,
        filename='rapport "Q1" é.pdf',
        caption="<i>Je rapport</i>",
        parse_mode=ParseMode.HTML,
    )
    await bot.send_photo(anna.id, b"\x89PNG-bytes")

    assert sent.document is not None and sent.document.file_name == 'rapport "Q1" é.pdf'
    document_message, photo_message = anna.messages
    assert document_message.document == ('rapport "Q1" é.pdf', content)
    assert document_message.text == "Je rapport"
    assert photo_message.photo == b"\x89PNG-bytes"
    fake.assert_no_violations()


async def test_bot_can_download_a_document_the_user_sent(
    bot: Bot, anna: SimUser, received: list[dict[str, Any]]
) -> None:
    await anna.send_document("notities.txt", b"hallo bestand")

    document = Update.de_json(received[-1], bot).effective_message.document
    telegram_file = await bot.get_file(document.file_id)

    assert document.mime_type == "text/plain"
    assert await telegram_file.download_as_bytearray() == bytearray(b"hallo bestand")


async def test_user_updates_have_shapes_ptb_understands(
    bot: Bot, anna: SimUser, received: list[dict[str, Any]]
) -> None:
    await anna.send("Hoi")
    await anna.edit_last("/help")
    await anna.send_sticker()
    await anna.send_photo(caption="Kijk")
    await anna.send_voice(duration=4)
    await anna.send_location(52.37, 4.89)

    hello, edit, sticker, photo, voice, location = (
        Update.de_json(update, bot) for update in received
    )
    assert edit.edited_message.message_id == hello.message.message_id
    assert edit.edited_message.entities[0].type == "bot_command"
    assert sticker.message.sticker.emoji == "👍"
    assert photo.message.photo[-1].file_id and photo.message.caption == "Kijk"
    assert voice.message.voice.mime_type == "audio/ogg"
    assert received[4]["message"]["voice"]["duration"] == 4
    assert location.message.location.latitude == 52.37
    assert {update.update_id for update in (hello, edit, sticker, photo, voice, location)} == set(
        range(1, 7)
    )


async def test_get_updates_long_polling_delivers_a_users_message(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    polling = asyncio.create_task(bot.get_updates(timeout=1))
    await asyncio.sleep(0.05)  # the request is now waiting inside the fake
    assert not polling.done()

    await anna.send("/start welkom")
    updates = await polling

    [update] = updates
    assert update.message.text == "/start welkom"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.from_user.language_code == "nl"
    confirmed = await bot.get_updates(offset=update.update_id + 1, timeout=0)
    assert confirmed == ()


# PTB itself reads the int retry_after Telegram sends, which it deprecates in favour of timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_answers_429_with_retry_after() -> None:
    with FakeTelegram(per_chat_per_second=1) as limited:
        user = limited.user()
        async with Bot(limited.token, base_url=limited.base_url) as client:
            await client.send_message(user.id, "een")
            with pytest.raises(RetryAfter, match="Retry in 1 seconds"):
                await client.send_message(user.id, "twee")

        assert limited.stats.too_many_requests == 1
        assert limited.stats.requests["sendMessage"] == 2
        limited.assert_no_violations()


async def test_injected_failure_hits_only_the_next_call(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    fake.fail_next("sendMessage", error_code=502)

    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(anna.id, "een")
    await bot.send_message(anna.id, "twee")

    assert anna.texts() == ["twee"]


async def test_unknown_method_and_unknown_callback_query_are_violations(
    fake: FakeTelegram, bot: Bot
) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendHologram")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("12345")

    first, second = fake.take_violations()
    assert "unknown Bot API method 'sendHologram'" in str(first)
    assert "unknown callback_query_id '12345'" in str(second)


async def test_commands_are_stored_per_scope_and_language(fake: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Begin")], language_code="nl")

    assert fake.commands(language_code="nl") == [{"command": "start", "description": "Begin"}]
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Begin")])
    assert len(fake.take_violations()) == 1


async def test_tap_on_reply_keyboard_sends_the_label_as_text(
    bot: Bot, anna: SimUser, received: list[dict[str, Any]]
) -> None:
    await bot.send_message(
        anna.id, "Hoe gaat het?", reply_markup=ReplyKeyboardMarkup([[KeyboardButton("Goed")]])
    )

    await anna.tap("Goed")

    assert received[-1]["message"]["text"] == "Goed"
    with pytest.raises(AssertionError, match=r"no button 'Slecht'.*'Goed'"):
        await anna.tap("Slecht")


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    name = html.escape(update.effective_user.first_name)
    payload = " ".join(context.args or [])
    await update.effective_message.reply_html(
        f"Welkom <b>{name}</b>! {payload}", reply_markup=YES_NO
    )


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    if query.data == "answer:yes":
        await query.answer("Top!")
        await query.edit_message_text("Je zei ja")
    else:
        await query.edit_message_text("Je zei nee")  # forgets query.answer()


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


def _build_application(fake: FakeTelegram) -> Application[Any, Any, Any, Any, Any, Any]:
    application = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_answer, pattern=r"^answer:"))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    return application


@pytest.fixture
async def application(
    fake: FakeTelegram,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    application = _build_application(fake)
    await application.initialize()
    yield application
    await application.shutdown()


async def test_direct_mode_runs_a_conversation_and_catches_an_unanswered_tap(
    fake: FakeTelegram, application: Application[Any, Any, Any, Any, Any, Any], anna: SimUser
) -> None:
    async def dispatch(update: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(update, application.bot))

    fake.set_dispatcher(dispatch)

    await anna.send("/start van de verloskundige")
    [welcome] = anna.new_messages()
    assert welcome.text == "Welkom Anna! van de verloskundige"
    assert welcome.buttons[0] == [Button("Ja", "answer:yes"), Button("Nee", "answer:no")]

    await anna.tap("Ja")
    assert [message.text for message in anna.new_messages()] == ["Je zei ja"]
    assert [answer.text for answer in anna.answers] == ["Top!"]

    await anna.send("/start")
    with pytest.raises(BotApiViolation, match="never answered"):
        await anna.tap("Nee")
    assert anna.last.text == "Je zei nee"
    assert len(fake.take_violations()) == 1


async def test_polling_mode_serves_a_running_application(fake: FakeTelegram, anna: SimUser) -> None:
    application = _build_application(fake)
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        await application.start()

        await anna.send("/start")
        welcome = await anna.wait_for_message("Welkom")
        await anna.tap("Ja")
        reply = await anna.wait_for_message()
        await anna.send("echo")
        echo = await anna.wait_for_message("echo")

        await application.updater.stop()
        await application.stop()

    assert welcome.buttons[0][0] == ("Ja", "answer:yes")
    assert reply.text == "Je zei ja"
    assert echo.text == "echo"
    fake.assert_no_violations(grace_period=0)


async def test_polling_mode_reports_an_unanswered_callback_query(
    fake: FakeTelegram, bot: Bot, anna: SimUser
) -> None:
    await bot.send_message(anna.id, "Kies", reply_markup=YES_NO)
    polling = asyncio.create_task(bot.get_updates(timeout=1))

    await anna.tap("Nee")
    [update] = await polling

    assert update.callback_query.data == "answer:no"
    with pytest.raises(BotApiViolation, match="never answered"):
        fake.assert_no_violations(grace_period=0.05)
