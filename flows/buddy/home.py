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
    waiting_page,
    waiting_text,
)
from flows.common.paging import page_of, tapped_page, with_status
from flows.common.ui import acknowledge, column, esc, say, show

# Families on one page of "My families": each comes with a few lines about them.
FAMILIES_PER_PAGE = 5


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
    page = page_of(families, tapped_page(update, BuddyMenu), FAMILIES_PER_PAGE)
    blocks = [_("<b>Your families</b>")]
    for family in page.items:
        lines = family_lines(context.t, family, today)
        blocks.append("\n".join([f"<b>{family_name(context.t, family)}</b>", *lines]))
    await show(
        update,
        with_status("\n\n".join(blocks), page.status(context.t)),
        page.markup(
            context.t,
            [(button_name(family), OpenFamily(family.parent_id)) for family in page.items],
            lambda number: BuddyMenu(MenuAction.FAMILIES, number),
            after=[back_to_menu(context)],
        ),
    )


show_families = buddy_only(_families)


@buddy_only
async def open_family(update: Update, context: KansrijkContext, buddy_id: int) -> int | None:
    try:
        data = OpenFamily.unpack(update.callback_query.data)
        family = await context.services.buddies.family(buddy_id, data.parent_id)
    except (InvalidCallbackData, NotAllowed):
        return await refuse_family(update, context)
    await acknowledge(update)
    await show_family_card(update, context, family, data.page)
    return None


async def show_family_card(
    update: Update, context: KansrijkContext, family: Family, page_number: int = 0
) -> None:
    """A family at a glance, the messages waiting for an answer (a page at a time), and
    what the buddy can do for them."""
    _ = context.t.gettext
    waiting = waiting_page(family, page_number)
    lines = [
        f"<b>{family_name(context.t, family)}</b>",
        *family_lines(context.t, family, local_today(context)),
    ]
    for message in waiting.items:
        lines += ["", waiting_text(context.t, message, context.state.config.timezone)]
    await show(
        update,
        with_status("\n".join(lines), waiting.status(context.t)),
        waiting.markup(
            context.t,
            reply_buttons(context.t, family, waiting.number),
            lambda number: OpenFamily(family.parent_id, number),
            after=[
                (_("📝 Log a contact"), LogFor(family.parent_id)),
                (_("✉️ Send a message"), WriteTo(family.parent_id)),
                (_("⬅️ My families"), BuddyMenu(MenuAction.FAMILIES)),
            ],
        ),
    )


def handlers() -> list[BaseHandler]:
    return [
        buddy_command("families", _families),
        CallbackQueryHandler(open_home, pattern=menu_is(MenuAction.HOME)),
        CallbackQueryHandler(show_families, pattern=menu_is(MenuAction.FAMILIES)),
        CallbackQueryHandler(open_family, pattern=OpenFamily.matches),
    ]
