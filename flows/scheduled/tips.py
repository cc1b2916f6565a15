"""The weekly tip, and the closing message at the child's second birthday."""

from __future__ import annotations

from bot.context import AppState
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from domain.outbox import OutboxItem
from flows.common.ui import esc
from flows.scheduled.texts import greeting
from services.tips_delivery import PROGRAMME_CLOSING, WEEKLY_TIP


@renderer(WEEKLY_TIP, scheduled=True)
async def render_weekly_tip(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    found = await state.services.tips_delivery.tip_to_send(item.person_id, t.language)
    if found is None:
        return None
    _ = t.gettext
    return Rendered(
        greeting(t, found.first_name)
        + " "
        + _("Here is your tip for this week. 💡")
        + "\n\n<b>"
        + esc(found.tip.title)
        + "</b>\n"
        + esc(found.tip.text)
    )


@renderer(PROGRAMME_CLOSING, scheduled=True)
async def render_closing(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    if not await state.services.tips_delivery.may_close(item.person_id):
        return None
    _ = t.gettext
    return Rendered(
        _("Today your child turns two. Congratulations! 🎂")
        + "\n\n"
        + _(
            "This is the end of the first 1000 days, and of the Kansrijk programme. From now"
            " on you will not get tips or check-ins from me any more."
        )
        + "\n\n"
        + _(
            "Thank you for letting us be part of this time. We wish you and your child all the best!"
        )
    )
