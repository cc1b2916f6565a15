"""/audit: who opened which family's details recently, within the coordinator's scope."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.context import KansrijkContext
from domain.people import Coordinator
from flows.common.ui import column, esc, fit, show
from flows.coordinator.common import (
    home_button,
    name_or_unknown,
    on_command,
    place_name,
    scope_name,
    short_date,
)


async def show_access_log(
    update: Update, context: KansrijkContext, coordinator: Coordinator
) -> None:
    _ = context.t.gettext
    entries = await context.services.audit.recent_access(coordinator.person_id)
    if not entries:
        text = _("Nobody has opened a family's details in {area} yet.").format(
            area=scope_name(context, coordinator)
        )
    else:
        lines = [
            _("Who opened a family's details in {area}, newest first:").format(
                area=scope_name(context, coordinator)
            ),
            "",
        ]
        for entry in entries:
            who = esc(entry.coordinator_name) if entry.coordinator_name else _("a coordinator")
            if entry.erased or entry.municipality is None:
                family = _("a family whose data has been erased")
            else:
                place = place_name(context, entry.municipality, entry.neighbourhood)
                family = f"{name_or_unknown(context, entry.parent_first_name)} ({place})"
            lines.append(
                _("{when}: {who} opened {family}").format(
                    when=short_date(context, entry.at), who=who, family=family
                )
            )
        text = fit(context.t, lines)
    await show(update, text, column([home_button(context)]))


@on_command
async def audit_command(update: Update, context: KansrijkContext, coordinator: Coordinator) -> None:
    await show_access_log(update, context, coordinator)


def handlers() -> list[BaseHandler]:
    return [CommandHandler("audit", audit_command, filters=filters.UpdateType.MESSAGE)]
