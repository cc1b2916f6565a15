"""Flows for everyone: /start routing, /help, /language, /cancel and the fallbacks."""

from telegram.ext import BaseHandler

from flows.common import fallbacks, help, language, membership, replies, start


def handlers() -> list[BaseHandler]:
    """In order; the fallbacks come last so every flow gets its chance first."""
    return [
        *replies.handlers(),
        *membership.handlers(),
        *start.handlers(),
        *help.handlers(),
        *language.handlers(),
        *fallbacks.handlers(),
    ]
