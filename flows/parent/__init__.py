"""Flows of the parent role: onboarding, the home menu and its screens, questions to the
buddy, help now, tips, settings and their own data."""

from telegram.ext import BaseHandler

from flows.parent import (
    activities,
    help_now,
    menu,
    my_data,
    onboarding,
    phase,
    questions,
    settings,
    stop,
)


def handlers() -> list[BaseHandler]:
    """Conversations first: while one waits for text, it gets the text."""
    return [
        onboarding.conversation(),
        phase.conversation(),
        *questions.handlers(),
        *menu.handlers(),
        *help_now.handlers(),
        *settings.handlers(),
        *phase.handlers(),
        *stop.handlers(),
        *my_data.handlers(),
        *activities.handlers(),
    ]
