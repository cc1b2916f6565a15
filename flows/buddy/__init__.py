"""Flows of the buddy role."""

from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler]:
    return []
