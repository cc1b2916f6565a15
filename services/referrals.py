"""Referral links for professionals: one per source (a midwife practice, a
consultatiebureau, a GP…), as a deep link and a printable QR code; registrations through
each link are counted."""

from __future__ import annotations

import io
import secrets

import segno

from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.referrals import NAME_MAX, ReferralLink, SourceKind
from domain.settings import Settings
from services.coordinators import ensure_covers, load_coordinator
from storage.db import Database
from storage.repositories.audit import AuditRepository
from storage.repositories.referrals import ReferralRepository

# 8 random bytes: 64 bits, 11 URL-safe characters; the payload stays short for QR codes.
CODE_BYTES = 8
QR_SCALE = 10


class ReferralService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings

    async def create(
        self, coordinator_id: int, *, municipality: str, source_kind: SourceKind, name: str
    ) -> ReferralLink:
        label = " ".join(name.split())
        if not label or len(label) > NAME_MAX:
            raise InvalidInput("name")
        if self._settings.municipality(municipality) is None:
            raise InvalidInput("municipality")
        now = self._clock.now()
        async with self._db.transaction() as tx:
            ensure_covers(await load_coordinator(tx, coordinator_id), municipality)
            links = ReferralRepository(tx)
            link_id = await links.add(
                code=secrets.token_urlsafe(CODE_BYTES),
                municipality=municipality,
                source_kind=source_kind,
                name=label,
                created_by=coordinator_id,
                now=now,
            )
            await AuditRepository(tx).record(
                actor_id=coordinator_id,
                action="referral_link_created",
                subject_id=None,
                now=now,
                detail=f"link {link_id}",
                municipality=municipality,
            )
            link = await links.get(link_id)
        assert link is not None
        return link

    async def in_scope(self, coordinator_id: int) -> list[ReferralLink]:
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            return await ReferralRepository(tx).in_scope(coordinator.municipality)

    async def get(self, coordinator_id: int, link_id: int) -> ReferralLink:
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            link = await ReferralRepository(tx).get(link_id)
        if link is None or not coordinator.covers(link.municipality):
            raise NotFound("referral link")
        return link

    async def set_active(self, coordinator_id: int, link_id: int, active: bool) -> ReferralLink:
        """A retired link no longer records its source (the parent still registers)."""
        await self.get(coordinator_id, link_id)
        async with self._db.transaction() as tx:
            links = ReferralRepository(tx)
            await links.set_active(link_id, active)
            link = await links.get(link_id)
        assert link is not None
        return link

    async def resolve(self, code: str) -> ReferralLink | None:
        """The active link behind a ``/start ref_<code>``; None for an unknown or retired
        code (the parent simply registers without a source)."""
        async with self._db.read() as tx:
            link = await ReferralRepository(tx).by_code(code)
        return link if link is not None and link.active else None


def qr_png(url: str) -> bytes:
    """A QR code of ``url`` as PNG, large enough to print on a flyer."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()
