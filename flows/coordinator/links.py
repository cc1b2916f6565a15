"""Invite links (buddies, coordinators) and referral links for professionals, each
referral link also as a printable QR code, with the registrations it brought in."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.context import KansrijkContext
from domain.invites import InviteKind
from domain.people import Coordinator
from domain.referrals import ReferralLink, referral_url
from flows.common.ui import column, esc, grid, keyboard, say, show
from flows.coordinator.callbacks import (
    InviteFor,
    MakeInvite,
    Menu,
    NewReferral,
    OpenReferral,
    RetireReferral,
    Section,
)
from flows.coordinator.common import (
    SOURCE_LABELS,
    back_to,
    home_button,
    on_button,
    on_command,
    scope_name,
    show_section_list,
)
from services.invites import invite_link
from services.referrals import qr_png


async def show_links(update: Update, context: KansrijkContext, coordinator: Coordinator) -> None:
    _ = context.t.gettext
    await show(
        update,
        _(
            "Invite links are for one new buddy or coordinator: each works once, for 14"
            " days. Referral links are for professionals (a midwife, the consultatiebureau,"
            " a GP…) to give to parents; they show how many parents registered through them."
        ),
        column(
            [
                (_("Invite a buddy"), InviteFor(InviteKind.BUDDY)),
                (_("Invite a coordinator"), InviteFor(InviteKind.COORDINATOR)),
                (_("Referral links for professionals"), Menu(Section.REFERRALS)),
                home_button(context),
            ]
        ),
    )


@on_button(InviteFor)
async def invite_for(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: InviteFor
) -> None:
    _ = context.t.gettext
    if not coordinator.province_wide:
        await _make_invite(update, context, coordinator, data.kind, coordinator.municipality)
        return
    options = [(m.name, MakeInvite(data.kind, m.slug)) for m in context.settings.municipalities]
    if data.kind is InviteKind.BUDDY:
        question = _("In which municipality will the new buddy help families?")
        rows = []
    else:
        question = _("For which area is the new coordinator?")
        rows = [[(_("The whole province"), MakeInvite(data.kind, None))]]
    rows += [options[i : i + 2] for i in range(0, len(options), 2)]
    rows.append([back_to(context, Section.LINKS)])
    await show(update, question, keyboard(*rows))


@on_button(MakeInvite)
async def make_invite(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: MakeInvite
) -> None:
    await _make_invite(update, context, coordinator, data.kind, data.municipality)


async def _make_invite(
    update: Update,
    context: KansrijkContext,
    coordinator: Coordinator,
    kind: InviteKind,
    municipality: str | None,
) -> None:
    _ = context.t.gettext
    invite = await context.services.coordinators.create_invite(
        coordinator.person_id, kind, municipality
    )
    link = invite_link(context.bot.username, kind, invite.code)
    area = (
        esc(context.settings.municipality_name(municipality))
        if municipality
        else _("the whole province")
    )
    if kind is InviteKind.BUDDY:
        intro = _("A one-time invite link for a new buddy in {area}.").format(area=area)
    else:
        intro = _("A one-time invite link for a new coordinator for {area}.").format(area=area)
    text = "\n".join(
        [
            intro,
            _("It works once, until {date}. Send it to that person only, not in a group.").format(
                date=context.t.date(
                    invite.expires_at.astimezone(context.state.config.timezone).date()
                )
            ),
            "",
            esc(link),
        ]
    )
    await show(update, text, column([back_to(context, Section.LINKS), home_button(context)]))


# --- referral links ------------------------------------------------------------------


async def show_referrals(
    update: Update, context: KansrijkContext, coordinator: Coordinator, page: int = 0
) -> None:
    _ = context.t.gettext
    links = await context.services.referrals.in_scope(coordinator.person_id)
    if links:
        text = _(
            "Referral links in {area}, with the number of parents who registered through"
            " each. Tap one for its link and QR code."
        ).format(area=scope_name(context, coordinator))
    else:
        text = _("There are no referral links in {area} yet.").format(
            area=scope_name(context, coordinator)
        )
    buttons = [
        (
            f"{link.name} · {link.registrations}" + ("" if link.active else " · " + _("retired")),
            OpenReferral(link.id),
        )
        for link in links
    ]
    after = [(_("New referral link"), NewReferral()), back_to(context, Section.LINKS)]
    await show_section_list(update, context, text, buttons, Section.REFERRALS, page, after)


def referral_text(context: KansrijkContext, link: ReferralLink) -> str:
    _ = context.t.gettext
    lines = [
        f"<b>{esc(link.name)}</b>",
        _("Source: {kind}").format(kind=_(SOURCE_LABELS[link.source_kind])),
        _("Municipality: {municipality}").format(
            municipality=esc(context.settings.municipality_name(link.municipality))
        ),
        context.t.ngettext(
            "{count} parent registered through this link.",
            "{count} parents registered through this link.",
            link.registrations,
        ).format(count=link.registrations),
    ]
    if link.active:
        lines += [
            "",
            _("Parents open this link, or scan the QR code, to start:"),
            esc(referral_url(context.bot.username, link.code)),
        ]
    else:
        lines.append(_("This link is retired: parents who use it are not counted for it."))
    return "\n".join(lines)


async def send_referral(
    update: Update, context: KansrijkContext, link: ReferralLink, *, with_qr: bool
) -> None:
    _ = context.t.gettext
    if with_qr and link.active:
        png = qr_png(referral_url(context.bot.username, link.code))
        await update.effective_chat.send_document(
            InputFile(png, filename=f"kansrijk-qr-{link.code}.png"),
            caption=_("QR code for {name}: print it on a flyer or a poster.").format(
                name=esc(link.name)
            ),
        )
    retire = (
        (_("Retire this link"), RetireReferral(link.id, False))
        if link.active
        else (_("Use this link again"), RetireReferral(link.id, True))
    )
    await say(
        update,
        referral_text(context, link),
        column([retire, back_to(context, Section.REFERRALS)]),
    )


@on_button(OpenReferral)
async def open_referral(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: OpenReferral
) -> None:
    link = await context.services.referrals.get(coordinator.person_id, data.link_id)
    await send_referral(update, context, link, with_qr=True)


@on_button(RetireReferral)
async def retire_referral(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: RetireReferral
) -> None:
    link = await context.services.referrals.set_active(
        coordinator.person_id, data.link_id, data.active
    )
    await show(
        update,
        referral_text(context, link),
        grid([back_to(context, Section.REFERRALS), home_button(context)]),
    )


@on_command
async def invite_command(
    update: Update, context: KansrijkContext, coordinator: Coordinator
) -> None:
    await show_links(update, context, coordinator)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("invite", invite_command, filters=filters.UpdateType.MESSAGE),
        CallbackQueryHandler(invite_for, pattern=InviteFor.matches),
        CallbackQueryHandler(make_invite, pattern=MakeInvite.matches),
        CallbackQueryHandler(open_referral, pattern=OpenReferral.matches),
        CallbackQueryHandler(retire_referral, pattern=RetireReferral.matches),
    ]
