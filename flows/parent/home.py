"""The parent's home menu: every screen starts here and comes back here."""

from __future__ import annotations

from telegram import Update

from bot.context import KansrijkContext
from domain.parents import Parent
from flows.common.ui import column, esc, grid, show
from flows.parent.callbacks import ComeBack, MenuItem, ParentMenu
from flows.parent.guard import ask_label


async def show_parent_home(
    update: Update, context: KansrijkContext, *, intro: str | None = None
) -> None:
    """The menu (after ``intro``, e.g. what just happened). A parent who stopped sees
    how to come back instead; ``/start`` brings them back at once."""
    _ = context.t.gettext
    person = context.person
    assert person is not None
    parent = await context.services.parents.get(person.id)
    if parent.stopped:
        if not _is_start_command(update):
            await _offer_to_come_back(update, context, parent)
            return
        await context.services.parents.come_back(parent.person_id)
        parent = await context.services.parents.get(person.id)
        intro = _("Welcome back! I am glad you are here again.")
    buddy = await context.services.parents.buddy_of(parent.person_id)
    lines = [intro] if intro else []
    if parent.first_name:
        lines.append(
            _("Hello {name}! What would you like to do?").format(name=esc(parent.first_name))
        )
    else:
        lines.append(_("Hello! What would you like to do?"))
    if parent.paused_until is not None and parent.paused_until > context.services.parents.today():
        lines.append(
            _("Messages are paused until {date}.").format(date=context.t.date(parent.paused_until))
        )
    lines.append(_("Tap a button."))
    await show(
        update,
        "\n\n".join(lines),
        grid(
            [
                (ask_label(context, buddy is not None), ParentMenu(MenuItem.ASK)),
                (_("🆘 Help now"), ParentMenu(MenuItem.HELP)),
                (_("📅 Activities"), ParentMenu(MenuItem.ACTIVITIES)),
                (_("💡 Tip of this week"), ParentMenu(MenuItem.TIP)),
                (_("🤝 My buddy"), ParentMenu(MenuItem.BUDDY)),
                (_("⚙️ Settings"), ParentMenu(MenuItem.SETTINGS)),
                (_("🔒 My data"), ParentMenu(MenuItem.DATA)),
            ]
        ),
    )


async def _offer_to_come_back(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    await show(
        update,
        _(
            "You stopped with Kansrijk, so I send you nothing. Your data is still here."
            "\n\nDo you want to start again? Tap the button or type /start."
        ),
        column([(_("Start again"), ComeBack())]),
    )


def _is_start_command(update: Update) -> bool:
    message = update.message
    return bool(message and message.text and message.text.split()[0].split("@")[0] == "/start")
