"""The messages a match sends: an introduction to the family and to the buddy, and a
short farewell when it ends. Rendered when sent, in each person's own language."""

from __future__ import annotations

from bot.context import AppState
from bot.delivery import Rendered, renderer
from bot.i18n import Translator, native_name
from domain.outbox import OutboxItem
from flows.buddy.callbacks import OpenFamily as OpenBuddyFamily
from flows.common.ui import column, esc
from flows.coordinator.common import END_REASON_LABELS, PHASE_LABELS
from services.matching import (
    MATCH_ENDED_BUDDY,
    MATCH_ENDED_PARENT,
    MATCH_INTRO_BUDDY,
    MATCH_INTRO_PARENT,
    MatchNotice,
)


async def _notice(item: OutboxItem, state: AppState) -> MatchNotice | None:
    return await state.services.matching.notice(int(item.payload["match_id"]))


def _parent_reachable(notice: MatchNotice) -> bool:
    return not notice.parent.stopped and notice.parent.active


@renderer(MATCH_INTRO_PARENT, scheduled=True)
async def intro_to_parent(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    notice = await _notice(item, state)
    if notice is None or not notice.match.active or not _parent_reachable(notice):
        return None
    _ = t.gettext
    buddy = esc(notice.buddy_name)
    return Rendered(
        "\n\n".join(
            [
                _("Good news! {buddy} is your buddy from now on.").format(buddy=buddy),
                _(
                    "{buddy} is a volunteer who is there for you: to listen, to think along"
                    " and to help you find your way."
                ).format(buddy=buddy),
                _(
                    "{buddy} will send you a message soon. You can also ask {buddy}"
                    " something yourself, with the menu (/start)."
                ).format(buddy=buddy),
            ]
        )
    )


@renderer(MATCH_INTRO_BUDDY, scheduled=True)
async def intro_to_buddy(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    notice = await _notice(item, state)
    if notice is None or not notice.match.active:
        return None
    _ = t.gettext
    parent = notice.parent
    town = state.settings.municipality_name(parent.municipality)
    if parent.neighbourhood:
        town = f"{state.settings.neighbourhood_name(parent.municipality, parent.neighbourhood)}, {town}"
    lines = [
        _("You have a new family: {name} in {place}.").format(
            name=esc(parent.first_name or "?"), place=esc(town)
        ),
        _("Phase: {phase}. Language: {language}.").format(
            phase=_(PHASE_LABELS[parent.phase]), language=native_name(parent.language or "nl")
        ),
        _("Please send a first message in the next few days. Thank you!"),
    ]
    return Rendered(
        "\n".join(lines),
        column([(_("Open the family"), OpenBuddyFamily(parent.person_id))]),
    )


@renderer(MATCH_ENDED_BUDDY)
async def ended_to_buddy(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    notice = await _notice(item, state)
    if notice is None or notice.match.end_reason is None:
        return None
    _ = t.gettext
    return Rendered(
        _(
            "Your match with {name} has ended ({reason}). Thank you for everything you"
            " did for this family!"
        ).format(
            name=esc(notice.parent.first_name or "?"),
            reason=_(END_REASON_LABELS[notice.match.end_reason]),
        )
    )


@renderer(MATCH_ENDED_PARENT, scheduled=True)
async def ended_to_parent(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    notice = await _notice(item, state)
    if notice is None or not _parent_reachable(notice):
        return None
    _ = t.gettext
    return Rendered(
        _(
            "Your time with buddy {buddy} has come to an end. Thank you for your trust! You"
            " can still use this chat for tips, activities and help."
        ).format(buddy=esc(notice.buddy_name))
    )
