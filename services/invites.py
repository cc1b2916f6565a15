"""One-time invite links: made by coordinators, redeemed once by a new buddy or
coordinator. The code is unguessable (96 random bits); only its SHA-256 hash is stored,
so a copy of the database cannot be used to register."""

from __future__ import annotations

import hashlib
import secrets

from domain.clock import Clock
from domain.invites import (
    CODE_BYTES,
    INVITE_VALIDITY,
    CreatedInvite,
    Invite,
    InviteExpired,
    InviteKind,
    InviteUnknown,
    InviteUsed,
)
from storage.db import Database, Transaction
from storage.repositories.audit import AuditRepository
from storage.repositories.invites import InviteRepository
from storage.repositories.people import PeopleRepository

# The deep-link payload prefix of each kind: t.me/<bot>?start=<prefix><code>
LINK_PREFIXES = {InviteKind.BUDDY: "buddy_", InviteKind.COORDINATOR: "coord_"}


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def invite_link(bot_username: str, kind: InviteKind, code: str) -> str:
    return f"https://t.me/{bot_username}?start={LINK_PREFIXES[kind]}{code}"


class InviteService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    invite_link = staticmethod(invite_link)

    async def create(
        self, created_by: int, kind: InviteKind, municipality: str | None
    ) -> CreatedInvite:
        """A new single-use invite, valid for 14 days. Buddy invites need a municipality
        (the buddy works there); a coordinator invite without one is province-wide."""
        if kind is InviteKind.BUDDY and municipality is None:
            raise ValueError("a buddy invite needs a municipality")
        now = self._clock.now()
        code = secrets.token_urlsafe(CODE_BYTES)
        expires_at = now + INVITE_VALIDITY
        async with self._db.transaction() as tx:
            invite_id = await InviteRepository(tx).add(
                kind=kind,
                code_hash=hash_code(code),
                municipality=municipality,
                created_by=created_by,
                now=now,
                expires_at=expires_at,
            )
            await AuditRepository(tx).record(
                actor_id=created_by,
                action=f"invite_created:{kind.value}",
                subject_id=None,
                now=now,
                detail=municipality or "province",
            )
        return CreatedInvite(
            id=invite_id, kind=kind, code=code, municipality=municipality, expires_at=expires_at
        )

    async def check(self, kind: InviteKind, code: str) -> Invite:
        """The invite behind ``code`` if it can still be used; raises InviteUnknown,
        InviteUsed or InviteExpired. Does not use it up."""
        async with self._db.read() as tx:
            invite = await InviteRepository(tx).by_hash(hash_code(code))
        return self._usable(invite, kind)

    async def redeem(self, kind: InviteKind, code: str, telegram_id: int) -> Invite:
        """Use the invite up (single use) for the person with ``telegram_id`` (who may not
        be registered yet); raises like :meth:`check`."""
        async with self._db.transaction() as tx:
            invite = self._usable(await InviteRepository(tx).by_hash(hash_code(code)), kind)
            person = await PeopleRepository(tx).by_telegram_id(telegram_id)
            return await self.redeem_in(tx, invite.id, kind, person.id if person else None)

    async def redeem_in(
        self, tx: Transaction, invite_id: int, kind: InviteKind, used_by: int | None
    ) -> Invite:
        """Use the invite up inside the caller's transaction, so registering and using the
        invite happen together or not at all."""
        invites = InviteRepository(tx)
        now = self._clock.now()
        if not await invites.claim(invite_id, used_by, now):
            self._usable(await invites.get(invite_id), kind)  # raises with the reason
            raise InviteUsed(kind.value)
        await AuditRepository(tx).record(
            actor_id=used_by, action=f"invite_used:{kind.value}", subject_id=used_by, now=now
        )
        invite = await invites.get(invite_id)
        assert invite is not None
        return invite

    def _usable(self, invite: Invite | None, kind: InviteKind) -> Invite:
        if invite is None or invite.kind is not kind:
            raise InviteUnknown(kind.value)
        if invite.used_at is not None:
            raise InviteUsed(kind.value)
        if invite.expires_at <= self._clock.now():
            raise InviteExpired(kind.value)
        return invite
