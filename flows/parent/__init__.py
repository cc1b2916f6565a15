"""Flows of the parent role."""

from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler]:
    return []
