"""Creating an activity, one question at a time: title, description, date and time,
place, capacity, then the audience (municipality, neighbourhood, phase, language), a
preview, and save (and publish)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
)

from bot.context import KansrijkContext
from bot.i18n import N_
from domain.activities import (
    DESCRIPTION_MAX,
    PLACE_MAX,
    TITLE_MAX,
    ActivityDraft,
    parse_capacity,
    parse_local_datetime,
)
from domain.errors import DomainError, InvalidInput
from domain.parents import Phase
from domain.people import Coordinator
from flows.common.conversation import draft, drop_draft, leave_for_other_flows
from flows.common.fallbacks import conversation_fallbacks
from flows.common.ui import column, grid, say
from flows.coordinator.activities import activity_text, show_activity
from flows.coordinator.callbacks import NewActivity, Pick
from flows.coordinator.common import (
    current_coordinator,
    on_button,
    refuse,
    too_long,
)
from flows.coordinator.steps import (
    asker,
    buttons_step,
    language_buttons,
    municipality_buttons,
    neighbourhood_buttons,
    phase_buttons,
    text_step,
)

CONVERSATION = "coordinator_new_activity"
DRAFT = "new_activity"
# Two date problems the parser names; the rest mean "could not read it".
DATE_PROBLEMS = {
    "time_missing": N_("Please add a time as well, for example 12-12-2026 10:00."),
    "date_past": N_("That moment has passed. Please give a date and time in the future."),
}


class Step(StrEnum):
    TITLE = "title"
    DESCRIPTION = "description"
    WHEN = "when"
    PLACE = "place"
    CAPACITY = "capacity"
    MUNICIPALITY = "municipality"
    NEIGHBOURHOOD = "neighbourhood"
    PHASE = "phase"
    LANGUAGE = "language"
    CONFIRM = "confirm"


# --- the questions -------------------------------------------------------------------


async def _ask_title(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _("New activity. What is it called? (a short title, at most {limit} characters)").format(
            limit=TITLE_MAX
        ),
    )


async def _ask_description(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _(
            "Describe it in a few simple sentences: what will happen, for whom, what to"
            " bring (at most {limit} characters). Or skip this."
        ).format(limit=DESCRIPTION_MAX),
        column([(_("Skip"), Pick(Step.DESCRIPTION, None))]),
    )


async def _ask_when(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update, _("When does it start? Write the date and time, for example 12-12-2026 10:00.")
    )


async def _ask_place(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _("Where is it? Write the place and address (at most {limit} characters).").format(
            limit=PLACE_MAX
        ),
    )


async def _ask_capacity(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _(
            "How many parents can come? Write a number. When it is full, others join a waiting list."
        ),
        grid([(str(n), Pick(Step.CAPACITY, str(n))) for n in (6, 8, 10, 12, 15, 20)], per_row=3),
    )


async def _ask_municipality(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _("In which municipality? Tap a button."),
        municipality_buttons(context, Step.MUNICIPALITY, everywhere=False),
    )


async def _ask_neighbourhood(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    municipality = context.settings.municipality(draft(context, DRAFT)["municipality"])
    assert municipality is not None
    await say(
        update,
        _("For parents of which neighbourhood? Tap a button."),
        neighbourhood_buttons(context, Step.NEIGHBOURHOOD, municipality),
    )


async def _ask_phase(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update, _("For parents in which phase? Tap a button."), phase_buttons(context, Step.PHASE)
    )


async def _ask_language(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _("Only for parents who speak one language? (for example a group in Arabic) Tap a button."),
        language_buttons(context, Step.LANGUAGE),
    )


async def _ask_confirm(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    preview = activity_text(context, _draft_activity(context))
    await say(
        update,
        _("This is the activity:") + "\n\n" + preview,
        column(
            [
                (_("Save and tell the parents"), Pick(Step.CONFIRM, "publish")),
                (_("Save, publish later"), Pick(Step.CONFIRM, "save")),
            ]
        ),
    )


ask = asker(
    {
        Step.TITLE: _ask_title,
        Step.DESCRIPTION: _ask_description,
        Step.WHEN: _ask_when,
        Step.PLACE: _ask_place,
        Step.CAPACITY: _ask_capacity,
        Step.MUNICIPALITY: _ask_municipality,
        Step.NEIGHBOURHOOD: _ask_neighbourhood,
        Step.PHASE: _ask_phase,
        Step.LANGUAGE: _ask_language,
        Step.CONFIRM: _ask_confirm,
    }
)


# --- the answers ---------------------------------------------------------------------


@on_button(NewActivity)
async def start(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: NewActivity
) -> Step:
    drop_draft(context, DRAFT)
    fresh = draft(context, DRAFT)
    if coordinator.municipality is not None:
        fresh["municipality"] = coordinator.municipality
    return await ask(update, context, Step.TITLE)


def _written(
    step: Step, key: str, limit: int, then: Step, *, one_line: bool
) -> Callable[[Update, KansrijkContext], Awaitable[Step]]:
    """The answer to a question of free text: kept in the draft under ``key`` (on one
    line, or as typed without the outer white space), then ``then`` is asked; over
    ``limit`` characters, the same question stays."""

    async def written(update: Update, context: KansrijkContext) -> Step:
        typed = update.message.text or ""
        text = " ".join(typed.split()) if one_line else typed.strip()
        if len(text) > limit:
            await too_long(update, context, len(text), limit)
            return step
        draft(context, DRAFT)[key] = text
        return await ask(update, context, then)

    return written


title_written = _written(Step.TITLE, "title", TITLE_MAX, Step.DESCRIPTION, one_line=True)
description_written = _written(
    Step.DESCRIPTION, "description", DESCRIPTION_MAX, Step.WHEN, one_line=False
)
place_written = _written(Step.PLACE, "place", PLACE_MAX, Step.CAPACITY, one_line=True)


async def when_written(update: Update, context: KansrijkContext) -> Step:
    _ = context.t.gettext
    try:
        starts_at = parse_local_datetime(
            update.message.text or "",
            context.t.language,
            context.state.config.timezone,
            context.state.clock.now(),
        )
    except InvalidInput as error:
        problem = DATE_PROBLEMS.get(error.reason)
        await say(
            update,
            _(problem)
            if problem
            else _("I could not read that date. Please write it like 12-12-2026 10:00."),
        )
        return Step.WHEN
    draft(context, DRAFT)["starts_at"] = starts_at.isoformat()
    return await ask(update, context, Step.PLACE)


async def capacity_written(update: Update, context: KansrijkContext) -> Step:
    _ = context.t.gettext
    try:
        capacity = parse_capacity(update.message.text or "")
    except InvalidInput:
        await say(update, _("Please write a whole number from 1 to 500."))
        return Step.CAPACITY
    return await _capacity_chosen(update, context, capacity)


async def _capacity_chosen(update: Update, context: KansrijkContext, capacity: int) -> Step:
    current = draft(context, DRAFT)
    current["capacity"] = capacity
    if "municipality" not in current:
        return await ask(update, context, Step.MUNICIPALITY)
    return await ask(update, context, Step.NEIGHBOURHOOD)


async def _pick_description(update: Update, context: KansrijkContext, value: str | None) -> Step:
    draft(context, DRAFT)["description"] = ""
    return await ask(update, context, Step.WHEN)


async def _pick_capacity(update: Update, context: KansrijkContext, value: str | None) -> Step:
    try:
        capacity = parse_capacity(value or "")
    except InvalidInput:
        return await ask(update, context, Step.CAPACITY)
    return await _capacity_chosen(update, context, capacity)


async def _pick_municipality(update: Update, context: KansrijkContext, value: str | None) -> Step:
    if value is None or context.settings.municipality(value) is None:
        return await ask(update, context, Step.MUNICIPALITY)
    draft(context, DRAFT)["municipality"] = value
    return await ask(update, context, Step.NEIGHBOURHOOD)


async def _pick_neighbourhood(update: Update, context: KansrijkContext, value: str | None) -> Step:
    draft(context, DRAFT)["neighbourhood"] = value
    return await ask(update, context, Step.PHASE)


async def _pick_phase(update: Update, context: KansrijkContext, value: str | None) -> Step:
    draft(context, DRAFT)["phase"] = value
    return await ask(update, context, Step.LANGUAGE)


async def _pick_language(update: Update, context: KansrijkContext, value: str | None) -> Step:
    draft(context, DRAFT)["language"] = value
    return await ask(update, context, Step.CONFIRM)


async def _pick_confirm(update: Update, context: KansrijkContext, value: str | None) -> Step | int:
    if value not in ("publish", "save"):
        return await ask(update, context, Step.CONFIRM)
    coordinator = await current_coordinator(context)
    if coordinator is None:
        drop_draft(context, DRAFT)
        return ConversationHandler.END
    activities = context.services.activities
    try:
        activity_id = await activities.create(coordinator.person_id, _draft_activity(context))
        drop_draft(context, DRAFT)
        if value == "publish":
            await activities.publish(coordinator.person_id, activity_id)
    except DomainError as error:
        drop_draft(context, DRAFT)
        await refuse(update, context, error)
        return ConversationHandler.END
    await show_activity(update, context, coordinator, activity_id)
    return ConversationHandler.END


PICKS = {
    Step.DESCRIPTION: _pick_description,
    Step.CAPACITY: _pick_capacity,
    Step.MUNICIPALITY: _pick_municipality,
    Step.NEIGHBOURHOOD: _pick_neighbourhood,
    Step.PHASE: _pick_phase,
    Step.LANGUAGE: _pick_language,
    Step.CONFIRM: _pick_confirm,
}


def _draft_activity(context: KansrijkContext) -> ActivityDraft:
    current = draft(context, DRAFT)
    return ActivityDraft(
        municipality=current["municipality"],
        title=current["title"],
        description=current.get("description", ""),
        starts_at=datetime.fromisoformat(current["starts_at"]),
        place=current["place"],
        capacity=int(current["capacity"]),
        audience_neighbourhood=current.get("neighbourhood"),
        audience_phase=Phase(current["phase"]) if current.get("phase") else None,
        audience_language=current.get("language"),
    )


def handlers() -> list[BaseHandler]:
    return [
        ConversationHandler(
            name=CONVERSATION,
            persistent=True,
            entry_points=[CallbackQueryHandler(start, pattern=NewActivity.matches)],
            states={
                Step.TITLE: text_step(Step.TITLE, title_written, ask, PICKS),
                Step.DESCRIPTION: text_step(Step.DESCRIPTION, description_written, ask, PICKS),
                Step.WHEN: text_step(Step.WHEN, when_written, ask, PICKS),
                Step.PLACE: text_step(Step.PLACE, place_written, ask, PICKS),
                Step.CAPACITY: text_step(Step.CAPACITY, capacity_written, ask, PICKS),
                Step.MUNICIPALITY: buttons_step(Step.MUNICIPALITY, ask, PICKS),
                Step.NEIGHBOURHOOD: buttons_step(Step.NEIGHBOURHOOD, ask, PICKS),
                Step.PHASE: buttons_step(Step.PHASE, ask, PICKS),
                Step.LANGUAGE: buttons_step(Step.LANGUAGE, ask, PICKS),
                Step.CONFIRM: buttons_step(Step.CONFIRM, ask, PICKS),
            },
            fallbacks=[*leave_for_other_flows(CONVERSATION, DRAFT), *conversation_fallbacks()],
        )
    ]
