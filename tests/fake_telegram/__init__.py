"""An in-repo fake Telegram Bot API for end-to-end tests of the bot.

`FakeTelegram` serves the Bot API over HTTP on 127.0.0.1, keeps the chats, and records a
`BotApiViolation` for every call that breaks a Telegram rule (text length, HTML, keyboards,
unanswered callback queries, ...). Realistic errors (403 blocked, 400 chat not found, 400 not
modified) are answered like Telegram does and are not violations. `SimUser` plays a user::

    with FakeTelegram() as fake:
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
        app.add_handler(CommandHandler("start", start))
        await app.initialize()
        fake.set_dispatcher(lambda update: app.process_update(Update.de_json(update, app.bot)))
        anna = fake.user(first_name="Anna", language_code="nl")
        await anna.send("/start")            # handled when this returns; violations raise here
        assert "Welkom" in anna.last.text     # visible text, HTML tags stripped
        await anna.tap("Ja")                 # presses the inline button labelled "Ja"
        fake.assert_no_violations()

Without `set_dispatcher()` the updates are served by getUpdates instead (for a bot in a
subprocess): then use `await anna.wait_for_message("Welkom")` to wait for the bot's reply.
"""

from .errors import BotApiViolation
from .models import Button, CallbackAnswer, FakeTelegramStats, SentFile, SentMessage
from .server import FakeTelegram
from .users import SimUser

__all__ = [
    "BotApiViolation",
    "Button",
    "CallbackAnswer",
    "FakeTelegram",
    "FakeTelegramStats",
    "SentFile",
    "SentMessage",
    "SimUser",
]
