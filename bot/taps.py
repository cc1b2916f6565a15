"""Answering a button tap, which may come too late: Telegram refuses an answer to a tap
older than a few seconds (one made while the bot was away, handled after its restart).
The tap itself still counts; only its answer is gone."""

from __future__ import annotations

import logging

from telegram import CallbackQuery
from telegram.error import BadRequest

log = logging.getLogger(__name__)

# Telegram: "query is too old and response timeout expired or query ID is invalid".
TOO_LATE = "query is too old"


async def answer_tap(query: CallbackQuery, text: str | None = None, alert: bool = False) -> bool:
    """Answer the tap; False when it came too late to answer (the work goes on)."""
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as error:
        if TOO_LATE not in str(error).lower():
            raise
        log.info("tap %s came too late to answer: %s", query.id, error)
        return False
    return True
