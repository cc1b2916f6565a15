"""The onboarding's questions: one per step, each with its buttons, and the summary.
The answers live in a small draft in ``user_data`` until the parent confirms."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import CallbackData
from bot.context import KansrijkContext
from bot.i18n import native_name
from domain.consent import Purpose
from domain.parents import Phase
from flows.common.ui import column, esc, grid, keyboard, show
from flows.parent.callbacks import (
    Onboarding,
    OnboardingChange,
    OnboardingChoice,
    OnboardingMunicipality,
    OnboardingNeighbourhood,
    SummaryField,
)
from flows.parent.date_questions import DateQuestion, ask_date, ask_weeks
from flows.parent.describe import phase_text, place_text
from services.parents import FIRST_NAME_MAX

# The version of the texts a parent consents to; recorded with every consent. Change it
# whenever the intro or a consent question changes meaning.
CONSENT_TEXT_VERSION = "2026-11-v1"
DRAFT = "onboarding"
NAME_BUTTON_MAX = 24


class Step(StrEnum):
    INTRO = "intro"
    CONSENT_MESSAGES = "consent_messages"
    CONSENT_SHARE = "consent_share"
    CONSENT_MONITORING = "consent_monitoring"
    PHASE = "phase"
    DUE_DATE = "due_date"
    WEEKS = "weeks"
    BIRTH_DATE = "birth_date"
    MUNICIPALITY = "municipality"
    NEIGHBOURHOOD = "neighbourhood"
    NAME = "name"
    SUMMARY = "summary"
    CHANGE = "change"


def onboarding_draft(context: KansrijkContext) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {"referral_id": None, "consents": {}})


def telegram_name(update: Update) -> str | None:
    user = update.effective_user
    name = (user.first_name or "").strip() if user else ""
    return name[:FIRST_NAME_MAX] or None


def prompt(
    step: Step, update: Update, context: KansrijkContext
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The question of ``step`` and its buttons."""
    _ = context.t.gettext
    draft = onboarding_draft(context)
    if step is Step.INTRO:
        return (
            _(
                "<b>What I do</b>\n"
                "Every week I send you a short tip for you and your child.\n"
                "Sometimes I ask how you are doing.\n"
                "You can ask your buddy anything, here in this chat.\n"
                "You find help and activities near you.\n\n"
                "<b>Who sees what</b>\n"
                "Your buddy sees your first name, your neighbourhood, how far along you are"
                " and the messages you send.\n"
                "The coordinator of your municipality sees the same. The coordinator finds a"
                " buddy for you and helps when needed.\n"
                "Nobody sees your phone number.\n"
                "You can see or delete your data at any time."
            ),
            column([(_("Continue"), Onboarding(OnboardingChoice.CONTINUE))]),
        )
    if step is Step.CONSENT_MESSAGES:
        return (
            _(
                "May I send you messages? For example tips, a question about how you are,"
                " and the answers of your buddy.\n\nYou need this to take part."
            ),
            yes_no(_("Yes, that is fine"), _("No")),
        )
    if step is Step.CONSENT_SHARE:
        return (
            _(
                "Sometimes I ask how you are doing. May your buddy see your answers? Then your"
                " buddy can help you better.\n\nYou choose. You can change this later."
            ),
            yes_no(_("Yes, my buddy may see them"), _("No, only for me")),
        )
    if step is Step.CONSENT_MONITORING:
        return (
            _(
                "May we use your answers without your name to make Kansrijk better? Nobody"
                " can see that they are yours.\n\nYou choose. You can change this later."
            ),
            yes_no(_("Yes, that is fine"), _("No")),
        )
    if step is Step.PHASE:
        return (
            _("Where are you now? Tap a button."),
            column(
                [
                    (_("I would like to have a baby"), Onboarding(OnboardingChoice.WISH)),
                    (_("I am pregnant"), Onboarding(OnboardingChoice.PREGNANT)),
                    (_("My baby is born"), Onboarding(OnboardingChoice.BABY)),
                ]
            ),
        )
    if step is Step.DUE_DATE:
        return (
            ask_date(context, DateQuestion.DUE),
            column(
                [
                    (_("I don't know the date"), Onboarding(OnboardingChoice.DATE_UNKNOWN)),
                    (_("My baby is already born"), Onboarding(OnboardingChoice.BABY)),
                ]
            ),
        )
    if step is Step.WEEKS:
        return ask_weeks(context), None
    if step is Step.BIRTH_DATE:
        return ask_date(context, DateQuestion.BIRTH), None
    if step is Step.MUNICIPALITY:
        return (
            _("In which municipality do you live? Tap a button."),
            grid(
                [(m.name, OnboardingMunicipality(m.slug)) for m in context.settings.municipalities]
            ),
        )
    if step is Step.NEIGHBOURHOOD:
        municipality = context.settings.municipality(draft.get("municipality") or "")
        hoods = municipality.neighbourhoods if municipality else ()
        rows = [
            [(h.name, OnboardingNeighbourhood(h.slug)) for h in hoods[i : i + 2]]
            for i in range(0, len(hoods), 2)
        ]
        rows.append([(_("Another one / I don't know"), OnboardingNeighbourhood(None))])
        return (
            _("In which neighbourhood or village do you live? Tap a button."),
            keyboard(*rows),
        )
    if step is Step.NAME:
        buttons: list[tuple[str, CallbackData]] = []
        own_name = telegram_name(update)
        if own_name:
            buttons.append(
                (
                    _("Call me {name}").format(name=own_name[:NAME_BUTTON_MAX]),
                    Onboarding(OnboardingChoice.USE_TELEGRAM_NAME),
                )
            )
        buttons.append((_("Skip"), Onboarding(OnboardingChoice.SKIP)))
        return (
            _(
                "What may I call you? Type your first name.\n\n"
                "You can also skip this: then I do not use a name."
            ),
            column(buttons),
        )
    if step is Step.SUMMARY:
        return (
            summary(context, draft),
            column(
                [
                    (_("Yes, this is correct"), Onboarding(OnboardingChoice.CORRECT)),
                    (_("Change something"), Onboarding(OnboardingChoice.CHANGE)),
                ]
            ),
        )
    return (
        _("What do you want to change? Tap a button."),
        column(
            [
                (_("Where I am now"), OnboardingChange(SummaryField.PHASE)),
                (_("Where I live"), OnboardingChange(SummaryField.PLACE)),
                (_("My name"), OnboardingChange(SummaryField.NAME)),
                (_("My choices about sharing"), OnboardingChange(SummaryField.CONSENTS)),
            ]
        ),
    )


def first_unanswered(draft: dict[str, Any]) -> Step | None:
    """The first question the draft has no answer to (a draft can be lost, e.g. when a
    crash separated it from the conversation's step)."""
    if not draft.get("consents", {}).get(Purpose.MESSAGES.value):
        return Step.CONSENT_MESSAGES
    if not draft.get("phase"):
        return Step.PHASE
    if not draft.get("municipality"):
        return Step.MUNICIPALITY
    return None


def yes_no(yes: str, no: str) -> InlineKeyboardMarkup:
    return column([(yes, Onboarding(OnboardingChoice.YES)), (no, Onboarding(OnboardingChoice.NO))])


def summary(context: KansrijkContext, draft: dict[str, Any]) -> str:
    _ = context.t.gettext
    t = context.t
    where_now = phase_text(
        t, Phase(draft["phase"]), day(draft.get("due_date")), day(draft.get("birth_date"))
    )
    place = place_text(context.settings, draft["municipality"], draft.get("neighbourhood"))
    consents = draft["consents"]
    yes, no = _("yes"), _("no")
    return "\n".join(
        [
            _("<b>Please check if this is right.</b>"),
            "",
            _("Language: {language}").format(language=native_name(t.language)),
            _("Where you are now: {phase}").format(phase=where_now),
            _("Where you live: {place}").format(place=esc(place)),
            _("Name: {name}").format(name=esc(draft.get("first_name") or "—")),
            _("Your buddy may see your check-in answers: {answer}").format(
                answer=yes if consents.get(Purpose.SHARE_CHECKINS) else no
            ),
            _("Use without your name to improve Kansrijk: {answer}").format(
                answer=yes if consents.get(Purpose.MONITORING) else no
            ),
        ]
    )


async def ask(
    step: Step, update: Update, context: KansrijkContext, note: str | None = None
) -> Step:
    """Show the question of ``step`` (after ``note``, e.g. why an answer did not fit).
    The summary is only shown over a complete draft; otherwise the first open question."""
    if step is Step.SUMMARY:
        step = first_unanswered(onboarding_draft(context)) or step
    text, markup = prompt(step, update, context)
    if note:
        text = f"{note}\n\n{text}"
    await show(update, text, markup)
    return step


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
