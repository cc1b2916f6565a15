"""my_chat_member updates: the person blocked or unblocked the bot."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import BaseHandler, ChatMemberHandler

from bot.context import KansrijkContext


async def membership_changed(update: Update, context: KansrijkContext) -> None:
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    person = await context.services.people.set_reachable(change.from_user.id, not blocked)
    if blocked and person is not None:
        # Cancel what was waiting for them and tell a parent's buddy (as after a 403).
        await context.state.dispatcher.person_blocked(person.id)


def handlers() -> list[BaseHandler]:
    return [ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)]
