"""Flows of the buddy role: registering with an invite, the menu and families, logging
contacts, messages to families, alerts, reminders and the buddy's own wellbeing."""

from telegram.ext import BaseHandler


def handlers() -> list[BaseHandler]:
    # Imported here, not at the top: other packages use small pieces of this one
    # (its callback data), and importing them must not pull in every flow.
    from telegram.ext import CallbackQueryHandler

    from flows.buddy import (
        alerts,
        contact_log,
        home,
        messages,
        planners,  # noqa: F401 - registers the periodic planners
        registration,
        reminders,  # noqa: F401 - registers the reminder renderers
        wellbeing,
    )
    from flows.buddy.callbacks import MenuAction, menu_is
    from flows.buddy.contact_review import show_recent_logs

    return [
        *registration.handlers(),
        *contact_log.handlers(),
        *messages.handlers(),
        *wellbeing.handlers(),
        *home.handlers(),
        *alerts.handlers(),
        CallbackQueryHandler(show_recent_logs, pattern=menu_is(MenuAction.LOGS)),
    ]
