"""Flows of the coordinator role."""

from telegram.ext import BaseHandler

from flows.coordinator import (
    activities,
    audit,
    broadcasts,
    families,
    home,
    introductions,  # noqa: F401 - registers the outbox renderers of matches
    links,
    new_activity,
    new_referral,
    planners,  # noqa: F401 - registers the periodic planners
    registration,
    reports,
    signals,
    wellbeing,
    write_family,
)


def handlers() -> list[BaseHandler]:
    return [
        *registration.handlers(),
        *new_activity.handlers(),
        *new_referral.handlers(),
        *broadcasts.handlers(),
        *write_family.handlers(),
        *signals.handlers(),
        *home.handlers(),
        *families.handlers(),
        *activities.handlers(),
        *links.handlers(),
        *reports.handlers(),
        *audit.handlers(),
        *wellbeing.handlers(),
    ]
