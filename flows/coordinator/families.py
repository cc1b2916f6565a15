"""Families: who waits for a buddy (and how long), a family's details (audited),
suggested buddies, matching, reassigning and ending a match with a reason."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import CallbackData
from bot.context import KansrijkContext
from domain.matches import EndReason
from domain.people import Coordinator
from flows.common.paging import page_of, with_status
from flows.common.ui import column, esc, show
from flows.coordinator.callbacks import (
    ChooseBuddy,
    ConfirmMatch,
    EndMatch,
    OpenFamily,
    Reassign,
    Section,
    WriteToFamily,
)
from flows.coordinator.common import (
    END_REASON_LABELS,
    PHASE_LABELS,
    back_to,
    home_button,
    language_name,
    name_or_unknown,
    on_button,
    on_command,
    place_name,
    scope_name,
    show_section_list,
)
from services.coordinators import ParentDetails

# Suggested buddies on one page: each comes with a line on why they fit.
SUGGESTIONS_PER_PAGE = 5


def _days(context: KansrijkContext, days: int) -> str:
    if days == 0:
        return context.t.gettext("since today")
    return context.t.ngettext("{count} day", "{count} days", days).format(count=days)


async def show_waiting(
    update: Update, context: KansrijkContext, coordinator: Coordinator, page: int = 0
) -> None:
    _ = context.t.gettext
    waiting = await context.services.matching.waiting(coordinator.person_id)
    now = context.state.clock.now()
    if not waiting:
        text = _("No family in {area} is waiting for a buddy.").format(
            area=scope_name(context, coordinator)
        )
    else:
        text = _(
            "Families in {area} waiting for a buddy: {count}. The longest waiting come"
            " first. Tap a family to see their details and suggested buddies."
        ).format(area=scope_name(context, coordinator), count=len(waiting))
    buttons = [
        (
            f"{family.first_name or '?'} · "
            f"{context.settings.neighbourhood_name(family.municipality, family.neighbourhood) or context.settings.municipality_name(family.municipality)}"
            f" · {_days(context, (now - family.waiting_since).days)}",
            OpenFamily(family.parent_id),
        )
        for family in waiting
    ]
    await show_section_list(
        update, context, text, buttons, Section.WAITING, page, [home_button(context)]
    )


async def show_matched(
    update: Update, context: KansrijkContext, coordinator: Coordinator, page: int = 0
) -> None:
    _ = context.t.gettext
    matched = await context.services.matching.matched(coordinator.person_id)
    if not matched:
        text = _("No family in {area} has a buddy yet.").format(
            area=scope_name(context, coordinator)
        )
    else:
        text = _("Families in {area} with a buddy: {count}. Tap a family to open it.").format(
            area=scope_name(context, coordinator), count=len(matched)
        )
    buttons = [
        (
            _("{family} with {buddy}").format(
                family=family.first_name or "?", buddy=family.buddy_name
            ),
            OpenFamily(family.parent_id),
        )
        for family in matched
    ]
    await show_section_list(
        update, context, text, buttons, Section.MATCHED, page, [home_button(context)]
    )


def family_text(context: KansrijkContext, details: ParentDetails) -> str:
    _ = context.t.gettext
    parent = details.parent
    phase = _(PHASE_LABELS[parent.phase])
    if parent.due_date:
        phase = _("{phase} (due {date})").format(phase=phase, date=context.t.date(parent.due_date))
    elif parent.birth_date:
        phase = _("{phase} (born {date})").format(
            phase=phase, date=context.t.date(parent.birth_date)
        )
    lines = [
        f"<b>{name_or_unknown(context, parent.first_name)}</b>",
        _("Lives in: {place}").format(
            place=place_name(context, parent.municipality, parent.neighbourhood)
        ),
        _("Phase: {phase}").format(phase=phase),
        _("Language: {language}").format(language=language_name(parent.language)),
        _("In the programme since: {date}").format(
            date=context.t.date(parent.registered_at.date())
        ),
    ]
    if details.referral_name:
        lines.append(_("Referred by: {source}").format(source=esc(details.referral_name)))
    if details.buddy_name:
        lines.append(_("Buddy: {buddy}").format(buddy=esc(details.buddy_name)))
    else:
        lines.append(_("No buddy yet."))
    lines.append(
        _("Shares check-ins with the buddy: yes")
        if details.shares_checkins
        else _("Shares check-ins with the buddy: no")
    )
    if parent.stopped:
        lines.append(_("Has stopped with the programme."))
    elif not parent.active:
        lines.append(_("Cannot be reached: has blocked the bot."))
    elif parent.paused_until:
        lines.append(
            _("Paused messages until {date}.").format(date=context.t.date(parent.paused_until))
        )
    return "\n".join(lines)


@on_button(OpenFamily)
async def open_family(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: OpenFamily
) -> None:
    _ = context.t.gettext
    details = await context.services.coordinators.parent_details(
        coordinator.person_id, data.parent_id
    )
    text = family_text(context, details)
    if details.parent.stopped:
        await show(update, text, column([back_to(context, Section.WAITING)]))
        return
    write = (_("Write to this family"), WriteToFamily(data.parent_id))
    if details.match_id is not None:
        buttons = [
            write,
            (_("Choose another buddy"), Reassign(data.parent_id)),
            (_("End the match"), EndMatch(details.match_id, None)),
            back_to(context, Section.MATCHED),
        ]
        await show(update, text, column(buttons))
        return
    await _show_suggestions(
        update, context, coordinator, data.parent_id, text, data.page, reassign=False, extra=[write]
    )


@on_button(Reassign)
async def reassign(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: Reassign
) -> None:
    _ = context.t.gettext
    text = _("Which buddy should support this family from now on?")
    await _show_suggestions(
        update, context, coordinator, data.parent_id, text, data.page, reassign=True
    )


async def _show_suggestions(
    update: Update,
    context: KansrijkContext,
    coordinator: Coordinator,
    parent_id: int,
    text: str,
    page_number: int,
    *,
    reassign: bool,
    extra: list[tuple[str, CallbackData]] | None = None,
) -> None:
    _ = context.t.gettext
    suggestions = await context.services.matching.suggestions(coordinator.person_id, parent_id)
    back = back_to(context, Section.MATCHED if reassign else Section.WAITING)
    if not suggestions:
        text += "\n\n" + _(
            "There is no buddy available in this municipality yet. Invite one via Invite links."
        )
        await show(update, text, column([*(extra or []), back]))
        return
    page = page_of(suggestions, page_number, SUGGESTIONS_PER_PAGE)
    lines = [text, "", _("Suggested buddies, best first:")]
    for number, suggestion in enumerate(page.items, start=page.start + 1):
        reasons = []
        if suggestion.shares_language:
            reasons.append(_("speaks their language"))
        if suggestion.same_neighbourhood:
            reasons.append(_("same neighbourhood"))
        caseload = suggestion.candidate.caseload
        reasons.append(
            context.t.ngettext(
                "supports {count} family now", "supports {count} families now", caseload
            ).format(count=caseload)
        )
        lines.append(f"{number}. {esc(suggestion.candidate.display_name)}: " + ", ".join(reasons))
    buttons = [
        (
            f"{number}. {suggestion.candidate.display_name}",
            ChooseBuddy(parent_id, suggestion.candidate.buddy_id, reassign),
        )
        for number, suggestion in enumerate(page.items, start=page.start + 1)
    ]
    turn = Reassign if reassign else OpenFamily
    await show(
        update,
        with_status("\n".join(lines), page.status(context.t)),
        page.markup(context.t, buttons, lambda n: turn(parent_id, n), after=[*(extra or []), back]),
    )


@on_button(ChooseBuddy)
async def choose_buddy(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: ChooseBuddy
) -> None:
    _ = context.t.gettext
    suggestions = await context.services.matching.suggestions(coordinator.person_id, data.parent_id)
    chosen = next((s for s in suggestions if s.candidate.buddy_id == data.buddy_id), None)
    if chosen is None:
        await show(
            update,
            _("This buddy cannot be chosen any more. Please choose again."),
            column([(_("« Back"), OpenFamily(data.parent_id))]),
        )
        return
    text = _(
        "Match this family with {buddy}? The family and {buddy} each get a message to"
        " introduce them."
    ).format(buddy=esc(chosen.candidate.display_name))
    await show(
        update,
        text,
        column(
            [
                (_("Yes, match them"), ConfirmMatch(data.parent_id, data.buddy_id, data.reassign)),
                (_("« Back"), OpenFamily(data.parent_id)),
            ]
        ),
    )


@on_button(ConfirmMatch)
async def confirm_match(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: ConfirmMatch
) -> None:
    _ = context.t.gettext
    matching = context.services.matching
    if data.reassign:
        await matching.reassign(coordinator.person_id, data.parent_id, data.buddy_id)
        text = _(
            "Done: the family has a new buddy. The previous buddy has been told, and the"
            " family and the new buddy each get an introduction."
        )
    else:
        await matching.match(coordinator.person_id, data.parent_id, data.buddy_id)
        text = _("Done: they are matched. The family and the buddy each get an introduction.")
    back = back_to(context, Section.MATCHED if data.reassign else Section.WAITING)
    await show(update, text, column([back, home_button(context)]))


@on_button(EndMatch)
async def end_match(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: EndMatch
) -> None:
    _ = context.t.gettext
    if data.reason is None:
        reasons = [reason for reason in EndReason if reason is not EndReason.REASSIGNED]
        await show(
            update,
            _("Why does the match end? The buddy and the family get a short message."),
            column(
                [
                    *[
                        (_(END_REASON_LABELS[reason]), EndMatch(data.match_id, reason))
                        for reason in reasons
                    ],
                    back_to(context, Section.MATCHED),
                ]
            ),
        )
        return
    await context.services.matching.end_match(coordinator.person_id, data.match_id, data.reason)
    await show(
        update,
        _("The match has ended ({reason}). The buddy and the family have been told.").format(
            reason=_(END_REASON_LABELS[data.reason])
        ),
        column([back_to(context, Section.MATCHED), home_button(context)]),
    )


@on_command
async def waiting_command(
    update: Update, context: KansrijkContext, coordinator: Coordinator
) -> None:
    await show_waiting(update, context, coordinator)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("waiting", waiting_command, filters=filters.UpdateType.MESSAGE),
        CallbackQueryHandler(open_family, pattern=OpenFamily.matches),
        CallbackQueryHandler(reassign, pattern=Reassign.matches),
        CallbackQueryHandler(choose_buddy, pattern=ChooseBuddy.matches),
        CallbackQueryHandler(confirm_match, pattern=ConfirmMatch.matches),
        CallbackQueryHandler(end_match, pattern=EndMatch.matches),
    ]
