"""Scheduled messages: the renderers of check-ins, tips and surveys, the parent's answers
to them, and the planners that put them in the outbox."""

from telegram.ext import BaseHandler

# Imported for their registrations: renderers (@renderer) and planners (@periodic).
from flows.scheduled import checkins, planners, surveys, tips  # noqa: F401


def handlers() -> list[BaseHandler]:
    return [*checkins.handlers(), *surveys.handlers()]
