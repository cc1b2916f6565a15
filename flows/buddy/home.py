"""The buddy's home menu, their families and a family's card."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import InvalidCallbackData
from bot.context import KansrijkContext
from domain.buddies import Family
from domain.errors import NotAllowed
from flows.buddy.callbacks import BuddyMenu, LogFor, MenuAction, OpenFamily, WriteTo, menu_is
from flows.buddy.guard import buddy_command, buddy_only, refuse_family
from flows.buddy.texts import (
    button_name,
    family_lines,
    family_name,
    reply_buttons,
    waiting_text,
)
from flows.common.ui import acknowledge, column, esc, say, show


def local_today(context: KansrijkContext) -> date:
    return context.state.clock.now().astimezone(context.state.config.timezone).date()


def back_to_menu(context: KansrijkContext) -> tuple[str, BuddyMenu]:
    return context.t.gettext("⬅️ Menu"), BuddyMenu(MenuAction.HOME)


async def show_buddy_home(
    update: Update, context: KansrijkContext, *, new_message: bool = False
) -> None:
    """Greeting, what waits, and the three things a buddy does most; replaces the tapped
    message unless ``new_message``."""
    _ = context.t.gettext
    person = context.person
    assert person is not None
    families = await context.services.buddies.families(person.id)
    waiting = sum(family.open_questions for family in families)
    name = esc(person.first_name or "")
    lines = [_("Hello {name}! What would you like to do?").format(name=name)]
    if families:
        lines.append(
            context.t.ngettext(
                "You support {count} family.", "You support {count} families.", len(families)
            ).format(count=len(families))
        )
    else:
        lines.append(_("You have no family yet. Your coordinator will match you soon."))
    if waiting:
        lines.append(
            context.t.ngettext(
                "💬 {count} message waits for your answer.",
                "💬 {count} messages wait for your answer.",
                waiting,
            ).format(count=waiting)
        )
    await (say if new_message else show)(
        update,
        "\n".join(lines),
        column(
            [
                (_("👪 My families"), BuddyMenu(MenuAction.FAMILIES)),
                (_("📝 Log a contact"), BuddyMenu(MenuAction.LOG)),
                (_("🗂 My recent logs"), BuddyMenu(MenuAction.LOGS)),
            ]
        ),
    )


@buddy_only
async def open_home(update: Update, context: KansrijkContext, buddy_id: int) -> None:
    await acknowledge(update)
    await show_buddy_home(update, context)


async def _families(update: Update, context: KansrijkContext, buddy_id: int) -> None:
    """Every matched family with its stage, last contact, shared check-in and open
    questions; a button per family opens its card."""
    _ = context.t.gettext
    await acknowledge(update)
    families = await context.services.buddies.families(buddy_id)
    if not families:
        await show(
            update,
            _("You have no family yet. Your coordinator will match you soon."),
            column([back_to_menu(context)]),
        )
        return
    today = local_today(context)
    blocks = [_("<b>Your families</b>")]
    for family in families:
        lines = family_lines(context.t, family, today)
        blocks.append("\n".join([f"<b>{family_name(context.t, family)}</b>", *lines]))
    buttons = [(button_name(family), OpenFamily(family.parent_id)) for family in families]
    await show(update, "\n\n".join(blocks), column([*buttons, back_to_menu(context)]))


show_families = buddy_only(_families)


@buddy_only
async def open_family(update: Update, context: KansrijkContext, buddy_id: int) -> int | None:
    try:
        parent_id = OpenFamily.unpack(update.callback_query.data).parent_id
        family = await context.services.buddies.family(buddy_id, parent_id)
    except (InvalidCallbackData, NotAllowed):
        return await refuse_family(update, context)
    await acknowledge(update)
    await show_family_card(update, context, family)
    return None


async def show_family_card(update: Update, context: KansrijkContext, family: Family) -> None:
    """A family at a glance, the messages waiting for an answer, and what the buddy can
    do for them."""
    _ = context.t.gettext
    lines = [
        f"<b>{family_name(context.t, family)}</b>",
        *family_lines(context.t, family, local_today(context)),
    ]
    for waiting in family.waiting:
        lines += ["", waiting_text(context.t, waiting, context.state.config.timezone)]
    await show(
        update,
        "\n".join(lines),
        column(
            [
                *reply_buttons(context.t, family),
                (_("📝 Log a contact"), LogFor(family.parent_id)),
                (_("✉️ Send a message"), WriteTo(family.parent_id)),
                (_("⬅️ My families"), BuddyMenu(MenuAction.FAMILIES)),
            ]
        ),
    )


def handlers() -> list[BaseHandler]:
    return [
        buddy_command("families", _families),
        CallbackQueryHandler(open_home, pattern=menu_is(MenuAction.HOME)),
        CallbackQueryHandler(show_families, pattern=menu_is(MenuAction.FAMILIES)),
        CallbackQueryHandler(open_family, pattern=OpenFamily.matches),
    ]
