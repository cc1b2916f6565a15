"""Replies to scheduled messages (check-ins, surveys, reminders)."""

from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler]:
    return []
