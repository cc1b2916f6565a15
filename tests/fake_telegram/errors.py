"""Exceptions shared by the fake Bot API server and the simulated users."""

from __future__ import annotations


class BotApiViolation(AssertionError):
    """A call by the bot that breaks a rule of the Telegram Bot API.

    Recorded by `FakeTelegram` and raised at the test step that caused it, or by
    `FakeTelegram.assert_no_violations()`.
    """


class ApiError(Exception):
    """An error answer of the Bot API: `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after


class RuleBreach(Exception):
    """A request that breaks a Bot API rule.

    `problem` explains the breach to the test author; `telegram_error` is the description that
    Telegram answers with (always a 400 Bad Request).
    """

    def __init__(self, problem: str, telegram_error: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.telegram_error = telegram_error
