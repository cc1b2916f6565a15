"""The experience survey as the parent meets it: "How much did the support help you?"
(1-10), "What helped most?" (buttons), and if they like, a few words of their own."""

from __future__ import annotations

from enum import StrEnum

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
)

from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import N_, Translator
from domain.errors import DomainError, InvalidInput
from domain.outbox import OutboxItem
from domain.surveys import HELPFULNESS_SCORES, MAX_COMMENT_LENGTH, HelpedMost, SurveyKind
from flows.common.fallbacks import PLAIN_TEXT, clear_draft, conversation_fallbacks
from flows.common.ui import acknowledge, column, grid, say, show
from flows.scheduled.callbacks import SurveyComment, SurveyHelpedMost, SurveyRating
from flows.scheduled.guard import parent_answer, parent_only, refuse
from flows.scheduled.texts import answer_tap, greeting, your_answer
from services.surveys import SURVEY
from storage.db import Transaction

DRAFT_SURVEY = "survey_id"
RATING_PER_ROW = 5

HELPED_MOST_LABELS = {
    HelpedMost.BUDDY_TALKS: N_("💬 Talking with my buddy"),
    HelpedMost.PRACTICAL_HELP: N_("🧰 Practical help"),
    HelpedMost.TIPS: N_("💡 Tips and information"),
    HelpedMost.OTHER_PARENTS: N_("👪 Meeting other parents"),
    HelpedMost.FINDING_HELP: N_("🧭 Finding the right help"),
    HelpedMost.SOMETHING_ELSE: N_("Something else"),
}


class CommentState(StrEnum):
    WRITING = "writing"


def opening_text(t: Translator, kind: SurveyKind, first_name: str | None) -> str:
    _ = t.gettext
    openings = {
        SurveyKind.SIX_WEEKS: _(
            "You have had a buddy for six weeks now. We would like to know how it is going."
        ),
        SurveyKind.MATCH_END: _(
            "Your time with your buddy has ended. We would like to know how it went."
        ),
        SurveyKind.FINAL: _("We would like to know what you thought of Kansrijk."),
    }
    return greeting(t, first_name) + " " + openings[kind] + "\n\n" + rating_question(t)


def rating_question(t: Translator) -> str:
    return t.gettext(
        "How much did the support help you? Tap a number: 1 is not at all, 10 is very much."
    )


def rating_keyboard(survey_id: int) -> InlineKeyboardMarkup:
    return grid(
        [(str(score), SurveyRating(survey_id, score)) for score in HELPFULNESS_SCORES],
        per_row=RATING_PER_ROW,
    )


async def _mark_sent(tx: Transaction, item: OutboxItem, state: AppState) -> None:
    await state.services.surveys.mark_sent_in(tx, int(item.payload["survey_id"]))


@renderer(SURVEY, scheduled=True, on_sent=_mark_sent)
async def render_survey(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    found = await state.services.surveys.to_send(int(item.payload["survey_id"]))
    if found is None:
        return None
    survey = found.survey
    return Rendered(opening_text(t, survey.kind, found.first_name), rating_keyboard(survey.id))


@parent_answer(SurveyRating)
async def rated(
    update: Update, context: KansrijkContext, parent_id: int, data: SurveyRating
) -> None:
    _ = context.t.gettext
    first = await context.services.surveys.rate(parent_id, data.survey_id, data.helpfulness)
    if not await answer_tap(update, context, first):
        return
    await show(update, your_answer(context.t, rating_question(context.t), data.helpfulness))
    await say(
        update,
        helped_most_question(context.t),
        column(
            [
                (_(label), SurveyHelpedMost(data.survey_id, choice))
                for choice, label in HELPED_MOST_LABELS.items()
            ]
        ),
    )


@parent_answer(SurveyHelpedMost)
async def helped_most_chosen(
    update: Update, context: KansrijkContext, parent_id: int, data: SurveyHelpedMost
) -> None:
    _ = context.t.gettext
    first = await context.services.surveys.helped_most(parent_id, data.survey_id, data.choice)
    if not await answer_tap(update, context, first):
        return
    await show(
        update,
        your_answer(context.t, helped_most_question(context.t), _(HELPED_MOST_LABELS[data.choice])),
    )
    await say(
        update,
        _("Would you like to tell us more, in your own words? That is optional."),
        column(
            [
                (_("✍️ Yes, write something"), SurveyComment(data.survey_id, True)),
                (_("No, thank you"), SurveyComment(data.survey_id, False)),
            ]
        ),
    )


@parent_answer(SurveyComment)
async def comment_offer(
    update: Update, context: KansrijkContext, parent_id: int, data: SurveyComment
) -> object:
    survey = await context.services.surveys.get(parent_id, data.survey_id)
    await acknowledge(update)
    if not data.write or survey.comment is not None:
        await show(update, thanks(context))
        return ConversationHandler.END
    context.user_data[DRAFT_SURVEY] = survey.id
    await show(update, comment_prompt(context))
    return CommentState.WRITING


def helped_most_question(t: Translator) -> str:
    return t.gettext("What helped you most?")


def comment_prompt(context: KansrijkContext) -> str:
    _ = context.t.gettext
    return _(
        "Please type your message (at most {limit} characters). Type /cancel if you would"
        " rather not."
    ).format(limit=MAX_COMMENT_LENGTH)


def thanks(context: KansrijkContext) -> str:
    _ = context.t.gettext
    return _("Thank you for your answers! They help us make Kansrijk better. 💛")


@parent_only
async def comment_written(update: Update, context: KansrijkContext, parent_id: int) -> object:
    _ = context.t.gettext
    survey_id = context.user_data.get(DRAFT_SURVEY)
    if survey_id is None:
        await refuse(update, context)
        return ConversationHandler.END
    try:
        await context.services.surveys.comment(parent_id, int(survey_id), update.message.text)
    except InvalidInput as error:
        if error.reason == "too_long":
            await say(
                update,
                _(
                    "That is a bit long for me ({length} characters). Could you make it shorter?"
                ).format(length=len(update.message.text.strip()))
                + "\n\n"
                + comment_prompt(context),
            )
            return CommentState.WRITING
        await say(update, comment_prompt(context))
        return CommentState.WRITING
    except DomainError:
        await refuse(update, context)
        clear_draft(context)
        return ConversationHandler.END
    clear_draft(context)
    await say(update, thanks(context))
    return ConversationHandler.END


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(rated, pattern=SurveyRating.matches),
        CallbackQueryHandler(helped_most_chosen, pattern=SurveyHelpedMost.matches),
        ConversationHandler(
            name="survey_comment",
            persistent=True,
            entry_points=[CallbackQueryHandler(comment_offer, pattern=SurveyComment.matches)],
            states={CommentState.WRITING: [MessageHandler(PLAIN_TEXT, comment_written)]},
            fallbacks=[*conversation_fallbacks()],
            # Tapping "write something" again simply asks again.
            allow_reentry=True,
        ),
    ]
