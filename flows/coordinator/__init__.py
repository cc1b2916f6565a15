"""Flows of the coordinator role."""

from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler]:
    return []
