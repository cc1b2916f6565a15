"""Webhook mode: Telegram's secret token is checked; updates without it are refused."""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

from tests.fake_telegram import FakeTelegram
from tests.process import bot_environment, start_bot, stop_gently

SECRET = "kansrijk-webhook-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(url: str, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def test_webhook_accepts_only_telegrams_secret(fake: FakeTelegram, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/kansrijk"
    env = bot_environment(
        fake,
        tmp_path / "kansrijk.sqlite3",
        KANSRIJK_WEBHOOK_URL=url,
        KANSRIJK_WEBHOOK_LISTEN="127.0.0.1",
        KANSRIJK_WEBHOOK_PORT=str(port),
        KANSRIJK_WEBHOOK_SECRET=SECRET,
    )
    process = start_bot(env, tmp_path / "bot.log")
    try:
        await fake.wait_until(lambda: fake.stats.requests.get("setWebhook", 0) > 0, timeout=30)
        anna = fake.user(first_name="Anna", language_code="en")
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": {"id": anna.id, "type": "private", "first_name": "Anna"},
                "from": {
                    "id": anna.id,
                    "is_bot": False,
                    "first_name": "Anna",
                    "language_code": "en",
                },
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        status = 0
        for _ in range(50):  # the HTTP server may start a moment after setWebhook
            status = await asyncio.to_thread(post, url, update, "wrong")
            if status != 0 and status < 500:
                break
            await asyncio.sleep(0.2)
        assert status == 403
        assert await asyncio.to_thread(post, url, update, SECRET) == 200
        await anna.wait_for_message("Welcome", timeout=10)
    finally:
        assert stop_gently(process) == 0, (tmp_path / "bot.log").read_text()[-3000:]
