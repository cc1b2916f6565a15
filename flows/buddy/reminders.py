"""Reminders to buddies: no contact logged with a family for a while, and the short
weekly overview on Monday morning. Planned by flows.buddy.planners, sent via the outbox."""

from __future__ import annotations

from datetime import date

from bot.context import AppState
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from domain.errors import NotAllowed
from domain.outbox import OutboxItem
from flows.buddy.callbacks import BuddyMenu, LogFor, MenuAction, WriteTo
from flows.buddy.texts import family_lines, family_name, hours_text
from flows.common.ui import column, fit
from services.buddies import WEEKLY_OVERVIEW
from services.contacts import CONTACT_REMINDER


def _today(state: AppState) -> date:
    return state.clock.now().astimezone(state.config.timezone).date()


@renderer(CONTACT_REMINDER)
async def render_contact_reminder(
    item: OutboxItem, t: Translator, state: AppState
) -> Rendered | None:
    """Cancelled when a contact was logged meanwhile or the match ended."""
    _ = t.gettext
    parent_id = int(item.payload["parent_id"])
    since = date.fromisoformat(item.payload["since"])
    if not await state.services.contacts.reminder_still_due(item.person_id, parent_id, since):
        return None
    try:
        family = await state.services.buddies.family(item.person_id, parent_id)
    except NotAllowed:
        return None
    days = (_today(state) - since).days
    text = t.ngettext(
        "⏰ No contact with {name} was logged for {days} day. How are things going? If you"
        " were in touch, log it now.",
        "⏰ No contact with {name} was logged for {days} days. How are things going? If you"
        " were in touch, log it now.",
        days,
    ).format(name=family_name(t, family), days=days)
    return Rendered(
        text,
        column(
            [
                (_("📝 Log a contact"), LogFor(parent_id)),
                (_("✉️ Send a message"), WriteTo(parent_id)),
            ]
        ),
    )


@renderer(WEEKLY_OVERVIEW)
async def render_weekly_overview(
    item: OutboxItem, t: Translator, state: AppState
) -> Rendered | None:
    _ = t.gettext
    overview = await state.services.buddies.weekly_overview(item.person_id)
    if not overview.families:
        return None
    blocks = [
        _("📅 <b>Your week as a buddy</b>")
        + "\n"
        + t.ngettext(
            "In the last 7 days you logged {count} contact ({time}).",
            "In the last 7 days you logged {count} contacts ({time}).",
            overview.contacts_last_week,
        ).format(count=overview.contacts_last_week, time=hours_text(t, overview.minutes_last_week))
    ]
    if overview.open_alerts:
        blocks[0] += "\n" + t.ngettext(
            "🔔 {count} alert still waits for your answer.",
            "🔔 {count} alerts still wait for your answer.",
            overview.open_alerts,
        ).format(count=overview.open_alerts)
    today = _today(state)
    for family in overview.families:
        lines = family_lines(t, family, today)
        blocks.append("\n".join([f"<b>{family_name(t, family)}</b>", *lines]))
    return Rendered(
        # Many families: the first ones, "… and 12 more", and "My families" has them all.
        fit(t, blocks, separator="\n\n"),
        column(
            [
                (_("👪 My families"), BuddyMenu(MenuAction.FAMILIES)),
                (_("📝 Log a contact"), BuddyMenu(MenuAction.LOG)),
            ]
        ),
    )
