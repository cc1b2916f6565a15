"""Coordinators: who they are, their scope, registering by invite, inviting others, and
opening a family's details (always written to the audit log)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.clock import Clock
from domain.consent import Purpose
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.invites import CreatedInvite, Invite, InviteKind, InviteUnknown
from domain.parents import Parent
from domain.people import Coordinator, Role
from domain.settings import Settings
from services.invites import InviteService
from storage.db import Database, Transaction
from storage.repositories.audit import AuditRepository
from storage.repositories.consents import ConsentRepository
from storage.repositories.matching import MatchingRepository
from storage.repositories.parents import ParentRepository
from storage.repositories.people import CoordinatorRepository, PeopleRepository
from storage.repositories.referrals import ReferralRepository

PARENT_DETAILS_OPENED = "parent_details_opened"  # audit action
NAME_MAX = 60


async def load_coordinator(tx: Transaction, person_id: int) -> Coordinator:
    """The coordinator behind ``person_id``; NotAllowed for anyone else."""
    coordinator = await CoordinatorRepository(tx).get(person_id)
    if coordinator is None:
        raise NotAllowed("not a coordinator")
    return coordinator


def ensure_covers(coordinator: Coordinator, municipality: str | None) -> None:
    """NotAllowed unless ``municipality`` (None: the whole province) is in scope."""
    if municipality is None:
        if not coordinator.province_wide:
            raise NotAllowed("province-wide only")
    elif not coordinator.covers(municipality):
        raise NotAllowed("out of scope")


async def parent_in_scope(tx: Transaction, coordinator: Coordinator, parent_id: int) -> Parent:
    """The parent, if in the coordinator's scope. Out of scope looks like not found, so a
    forged id tells nothing about who exists elsewhere."""
    parent = await ParentRepository(tx).get(parent_id)
    if parent is None or not coordinator.covers(parent.municipality):
        raise NotFound("parent")
    return parent


@dataclass(frozen=True, slots=True)
class ParentDetails:
    parent: Parent
    buddy_name: str | None
    match_id: int | None
    referral_name: str | None
    shares_checkins: bool


class CoordinatorService:
    def __init__(
        self, db: Database, clock: Clock, settings: Settings, invites: InviteService
    ) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._invites = invites

    async def get(self, person_id: int) -> Coordinator:
        async with self._db.read() as tx:
            return await load_coordinator(tx, person_id)

    async def remember_name(self, person_id: int, name: str) -> None:
        """Coordinators from the configuration have no display name: take their Telegram
        first name the first time they open the menu (shown in the access log)."""
        async with self._db.transaction() as tx:
            await CoordinatorRepository(tx).name_if_missing(person_id, name[:NAME_MAX])

    async def parent_details(self, coordinator_id: int, parent_id: int) -> ParentDetails:
        """A family's details for a coordinator in scope; every opening is audited."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            parent = await parent_in_scope(tx, coordinator, parent_id)
            match = await MatchingRepository(tx).active_match_of(parent_id)
            link = (
                await ReferralRepository(tx).get(parent.referral_link_id)
                if parent.referral_link_id
                else None
            )
            consents = await ConsentRepository(tx).current(parent_id)
            await AuditRepository(tx).record(
                actor_id=coordinator_id,
                action=PARENT_DETAILS_OPENED,
                subject_id=parent_id,
                now=now,
                municipality=parent.municipality,
            )
        return ParentDetails(
            parent=parent,
            buddy_name=match.buddy_name if match else None,
            match_id=match.match_id if match else None,
            referral_name=link.name if link else None,
            shares_checkins=_granted(consents, Purpose.SHARE_CHECKINS),
        )

    async def family_name(self, coordinator_id: int, parent_id: int) -> str | None:
        """The first name of a family in scope (to address a message); NotFound else."""
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
            parent = await parent_in_scope(tx, coordinator, parent_id)
        return parent.first_name

    async def create_invite(
        self, coordinator_id: int, kind: InviteKind, municipality: str | None
    ) -> CreatedInvite:
        """A buddy invite for a municipality in scope; a coordinator invite for one
        municipality in scope, or province-wide (None) by a province-wide coordinator."""
        if municipality is not None and self._settings.municipality(municipality) is None:
            raise InvalidInput("municipality")
        if kind is InviteKind.BUDDY and municipality is None:
            raise InvalidInput("municipality")
        async with self._db.read() as tx:
            coordinator = await load_coordinator(tx, coordinator_id)
        ensure_covers(coordinator, municipality)
        return await self._invites.create(coordinator_id, kind, municipality)

    async def check_invite(self, code: str) -> Invite:
        """Raises the invite errors of :class:`InviteService` for an unusable code."""
        return await self._invites.check(InviteKind.COORDINATOR, code)

    async def register(
        self, *, invite_id: int, telegram_id: int, display_name: str, language: str | None
    ) -> Coordinator:
        """Register a new coordinator with a checked coordinator invite, using it up in
        the same transaction (two people with one link: only the first gets in)."""
        name = " ".join(display_name.split())
        if not name or len(name) > NAME_MAX:
            raise InvalidInput("name")
        now = self._clock.now()
        async with self._db.transaction() as tx:
            people = PeopleRepository(tx)
            if await people.by_telegram_id(telegram_id) is not None:
                raise NotAllowed("already registered")
            person = await people.add(
                telegram_id=telegram_id,
                role=Role.COORDINATOR,
                language=language,
                first_name=name,
                now=now,
            )
            invite = await self._invites.redeem_in(tx, invite_id, InviteKind.COORDINATOR, person.id)
            if invite.kind is not InviteKind.COORDINATOR:
                raise InviteUnknown(InviteKind.COORDINATOR.value)
            await CoordinatorRepository(tx).add(
                person.id, municipality=invite.municipality, display_name=name, from_config=False
            )
            return await load_coordinator(tx, person.id)


async def coordinator_names(tx: Transaction, person_ids: set[int]) -> dict[int, str]:
    names = {}
    coordinators = CoordinatorRepository(tx)
    people = PeopleRepository(tx)
    for person_id in person_ids:
        coordinator = await coordinators.get(person_id)
        person = await people.by_id(person_id)
        name = (coordinator.display_name if coordinator else None) or (
            person.first_name if person else None
        )
        if name:
            names[person_id] = name
    return names


def _granted(consents: dict, purpose: Purpose) -> bool:
    consent = consents.get(purpose)
    return bool(consent and consent.granted)
