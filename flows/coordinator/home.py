"""The coordinator's home menu: what needs attention first, then everything else."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import KansrijkContext
from domain.people import Coordinator
from flows.common.ui import column, say, show
from flows.coordinator import activities, audit, families, links, reports, signals, wellbeing
from flows.coordinator.callbacks import Menu, NewBroadcast, Section
from flows.coordinator.common import current_coordinator, on_button, scope_name


async def show_coordinator_home(
    update: Update, context: KansrijkContext, *, fresh: bool = False
) -> None:
    """The menu; ``fresh``: as a new message, also after a button tap."""
    _ = context.t.gettext
    coordinator = await current_coordinator(context)
    if coordinator is None:
        return
    if coordinator.display_name is None and update.effective_user is not None:
        await context.services.coordinators.remember_name(
            coordinator.person_id, update.effective_user.first_name
        )
    waiting = len(await context.services.matching.waiting(coordinator.person_id))
    signals = await context.services.signals_inbox.open_count(coordinator.person_id)
    text = _("Coordinator menu for {area}. What would you like to do?").format(
        area=scope_name(context, coordinator)
    )
    await (say if fresh else show)(
        update,
        text,
        column(
            [
                (
                    _("Families waiting for a buddy ({count})").format(count=waiting),
                    Menu(Section.WAITING),
                ),
                (_("Families with a buddy"), Menu(Section.MATCHED)),
                (_("Signals ({count} open)").format(count=signals), Menu(Section.SIGNALS)),
                (_("Activities"), Menu(Section.ACTIVITIES)),
                (_("Send a message to a group"), NewBroadcast()),
                (_("How the buddies are doing"), Menu(Section.WELLBEING)),
                (_("Invite links and referral links"), Menu(Section.LINKS)),
                (_("Report"), Menu(Section.REPORT)),
                (_("Access log"), Menu(Section.AUDIT)),
            ]
        ),
    )


@on_button(Menu)
async def open_menu(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: Menu
) -> None:
    """Every menu section, by the section the button names (at the page it names)."""
    page = data.page
    sections = {
        Section.HOME: lambda: show_coordinator_home(update, context),
        Section.WAITING: lambda: families.show_waiting(update, context, coordinator, page),
        Section.MATCHED: lambda: families.show_matched(update, context, coordinator, page),
        Section.SIGNALS: lambda: signals.show_inbox(update, context, coordinator, page),
        Section.ACTIVITIES: lambda: activities.show_activities(update, context, coordinator, page),
        Section.LINKS: lambda: links.show_links(update, context, coordinator),
        Section.REFERRALS: lambda: links.show_referrals(update, context, coordinator, page),
        Section.REPORT: lambda: reports.ask_scope(update, context, coordinator),
        Section.AUDIT: lambda: audit.show_access_log(update, context, coordinator),
        Section.WELLBEING: lambda: wellbeing.show_wellbeing(update, context, coordinator),
    }
    await sections[data.section]()


def handlers() -> list[BaseHandler]:
    return [CallbackQueryHandler(open_menu, pattern=Menu.matches)]
