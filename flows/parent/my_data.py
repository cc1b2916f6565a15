"""My data: what is stored, a JSON export sent in the chat, the optional consents, and
deleting everything (after two confirmations)."""

from __future__ import annotations

import json

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import KansrijkContext
from bot.i18n import native_name
from domain.consent import Purpose
from domain.parents import Parent
from flows.common.ui import acknowledge, column, esc, show
from flows.parent.callbacks import DataAction, MenuItem, MyData, ParentMenu, SetConsent
from flows.parent.describe import phase_text, place_text
from flows.parent.guard import current_parent, decodes, menu_button, parent_button, saved
from flows.parent.onboarding_questions import CONSENT_TEXT_VERSION

EXPORT_FILENAME = "kansrijk-my-data.json"


async def show_my_data(
    update: Update, context: KansrijkContext, *, intro: str | None = None
) -> None:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return
    services = context.services
    buddy = await services.parents.buddy_of(parent.person_id)
    consents = await services.parents.consents(parent.person_id)
    stored = await services.privacy.summary(parent.person_id)
    sharing = consents.get(Purpose.SHARE_CHECKINS)
    monitoring = consents.get(Purpose.MONITORING)
    shares = bool(sharing and sharing.granted)
    counted = bool(monitoring and monitoring.granted)
    yes, no = _("yes"), _("no")
    lines = [intro, ""] if intro else []
    lines += [
        _("<b>What I know about you</b>"),
        _("Name: {name}").format(name=esc(parent.first_name or "—")),
        _("Language: {language}").format(language=native_name(context.t.language)),
        _("Where you are now: {phase}").format(
            phase=phase_text(context.t, parent.phase, parent.due_date, parent.birth_date)
        ),
        _("Where you live: {place}").format(
            place=esc(place_text(context.settings, parent.municipality, parent.neighbourhood))
        ),
        _("Signed up on: {date}").format(date=context.t.date(parent.registered_at.date())),
        _("Your buddy: {name}").format(
            name=esc(buddy.display_name) if buddy else _("no buddy yet")
        ),
        _("Your buddy may see your check-in answers: {answer}").format(
            answer=yes if shares else no
        ),
        _("Use without your name to improve Kansrijk: {answer}").format(
            answer=yes if counted else no
        ),
        "",
        _(
            "Also stored: {messages} messages with your buddy or the team, {checkins}"
            " answers about how you are, {activities} activities, {contacts} meetings"
            " with your buddy and {help} requests for help."
        ).format(
            messages=stored.messages,
            checkins=stored.checkins,
            activities=stored.activities,
            contacts=stored.contacts_with_buddy,
            help=stored.help_requests,
        ),
    ]
    await show(
        update,
        "\n".join(lines),
        column(
            [
                (_("📄 Send me all my data as a file"), MyData(DataAction.EXPORT)),
                (
                    _("Buddy may not see my answers") if shares else _("Buddy may see my answers"),
                    SetConsent(Purpose.SHARE_CHECKINS, not shares),
                ),
                (
                    _("Do not use my answers") if counted else _("You may use my answers"),
                    SetConsent(Purpose.MONITORING, not counted),
                ),
                (_("🗑 Delete all my data"), MyData(DataAction.DELETE)),
                menu_button(context.t),
            ]
        ),
    )


@parent_button(answer_first=False)
async def set_consent(update: Update, context: KansrijkContext, parent: Parent) -> None:
    choice = SetConsent.unpack(update.callback_query.data)
    if choice.purpose is Purpose.MESSAGES:
        await acknowledge(update)
        return
    await context.services.parents.set_consent(
        parent.person_id, choice.purpose, choice.granted, CONSENT_TEXT_VERSION
    )
    await saved(update, context, show_my_data)


@parent_button()
async def data_action(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    action = MyData.unpack(update.callback_query.data).action
    if action is DataAction.EXPORT:
        document = await context.services.privacy.export(parent.person_id)
        content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        await update.effective_chat.send_document(
            InputFile(content, filename=EXPORT_FILENAME),
            caption=_("Here is everything I have stored about you, as a file."),
        )
        return
    keep = (_("No, keep my data"), ParentMenu(MenuItem.DATA))
    if action is DataAction.DELETE:
        await show(
            update,
            _(
                "<b>Delete all your data?</b>\n\n"
                "I will delete everything about you: your name, your answers, your messages"
                " and your questions. Your buddy and the coordinator will not see you any"
                " more. This cannot be undone.\n\n"
                "Only numbers without names stay, for example how many parents took part."
            ),
            column([(_("Continue"), MyData(DataAction.DELETE_SURE)), keep]),
        )
    elif action is DataAction.DELETE_SURE:
        await show(
            update,
            _("Are you really sure? After this, everything is gone."),
            column([(_("Yes, delete everything"), MyData(DataAction.DELETE_NOW)), keep]),
        )
    else:
        await context.services.privacy.erase(parent.person_id)
        context.application.drop_user_data(update.effective_user.id)
        context.person = None
        await show(
            update,
            _(
                "Your data has been deleted. Thank you for your time with Kansrijk. Take good"
                " care!\n\nDo you ever want to come back? Type /start."
            ),
        )


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(data_action, pattern=decodes(MyData)),
        CallbackQueryHandler(set_consent, pattern=decodes(SetConsent)),
    ]
