"""How the buddies are doing: their monthly check-in ("how is buddying going for you?"),
the hours they spent and the time they logged, for the coordinator's supervision.

Those who are struggling come first, then those who did not answer; a month at a time,
from the last complete month back."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import KansrijkContext
from bot.i18n import Translator
from domain.buddies import BuddyWellbeing, month_bounds, previous_month
from domain.people import Coordinator
from domain.schedule import local_day
from flows.buddy.texts import MOOD_LABELS
from flows.common.paging import page_of, with_status
from flows.common.ui import esc, month_name, show
from flows.coordinator.callbacks import WellbeingMonth
from flows.coordinator.common import home_button, on_button, scope_name

BUDDIES_PER_PAGE = 10
MONTHS_BACK = 24  # how far back the month buttons go


async def show_wellbeing(
    update: Update,
    context: KansrijkContext,
    coordinator: Coordinator,
    month: str | None = None,
    page: int = 0,
) -> None:
    _ = context.t.gettext
    latest = previous_month(local_day(context.state.clock.now(), context.state.config.timezone))
    month = latest if month is None or not _within(month, latest) else month
    overview = sorted(
        await context.services.buddies.wellbeing_overview(coordinator.person_id, month),
        key=_attention_first,
    )
    title = _("🌱 <b>How the buddies in {area} are doing — {month}</b>").format(
        area=scope_name(context, coordinator), month=month_name(context.t, month)
    )
    shown = page_of(overview, page, BUDDIES_PER_PAGE)
    if overview:
        answered = sum(buddy.score is not None for buddy in overview)
        summary = _("{answered} of {total} buddies answered the monthly check-in.").format(
            answered=answered, total=len(overview)
        )
        lines = "\n".join(_line(context.t, buddy) for buddy in shown.items)
        text = with_status(f"{title}\n\n{summary}\n\n{lines}", shown.status(context.t))
    else:
        text = title + "\n\n" + _("There are no active buddies yet.")
    earlier, later = _shift(month, -1), _shift(month, 1)
    months = []
    if _within(earlier, latest):
        months.append((f"‹ {month_name(context.t, earlier)}", WellbeingMonth(earlier)))
    if _within(later, latest):
        months.append((f"{month_name(context.t, later)} ›", WellbeingMonth(later)))
    await show(
        update,
        text,
        shown.markup(
            context.t,
            months,
            lambda number: WellbeingMonth(month, number),
            after=[home_button(context)],
        ),
    )


@on_button(WellbeingMonth)
async def open_month(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: WellbeingMonth
) -> None:
    await show_wellbeing(update, context, coordinator, data.month, data.page)


def _attention_first(buddy: BuddyWellbeing) -> tuple[int, int, str]:
    """The lowest scores first, then who did not answer, then by name."""
    if buddy.score is None:
        return (1, 0, buddy.display_name.casefold())
    return (0, buddy.score, buddy.display_name.casefold())


def _line(t: Translator, buddy: BuddyWellbeing) -> str:
    _ = t.gettext
    logged = _hours(buddy.logged_minutes / 60)
    if buddy.score is None or buddy.hours is None:
        return _("• {name}: no answer yet · logged {logged} h").format(
            name=esc(buddy.display_name), logged=logged
        )
    return _("• {name}: {mood} · {hours} h spent (logged {logged} h)").format(
        name=esc(buddy.display_name),
        mood=_(MOOD_LABELS[buddy.score]),
        hours=_hours(buddy.hours),
        logged=logged,
    )


def _hours(hours: float) -> str:
    return f"{hours:.1f}".removesuffix(".0")


def _shift(month: str, months: int) -> str:
    start = month_bounds(month)[0]
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1).strftime("%Y-%m")


def _within(month: str, latest: str) -> bool:
    """A month the buttons may show: from MONTHS_BACK before the latest up to it."""
    try:
        month_bounds(month)
    except ValueError:
        return False
    return _shift(latest, -MONTHS_BACK) <= month <= latest


def handlers() -> list[BaseHandler]:
    return [CallbackQueryHandler(open_month, pattern=WellbeingMonth.matches)]
