"""Callback data of the coordinator's buttons (prefixes: "C" and a letter or two).
Whatever a button names (a family, a buddy, a signal, an activity…) is re-checked on the
server against the coordinator's scope when it is tapped."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData
from domain.invites import InviteKind
from domain.matches import EndReason


class Section(StrEnum):
    HOME = "home"
    WAITING = "waiting"
    MATCHED = "matched"
    SIGNALS = "signals"
    ACTIVITIES = "activities"
    LINKS = "links"
    REFERRALS = "referrals"
    REPORT = "report"
    AUDIT = "audit"
    WELLBEING = "wellbeing"


@dataclass(frozen=True)
class Menu(CallbackData, prefix="Cm"):
    section: Section
    page: int = 0  # of the section's list


@dataclass(frozen=True)
class WellbeingMonth(CallbackData, prefix="Cy"):
    month: str  # YYYY-MM
    page: int = 0  # of the buddies


# --- families and matching -----------------------------------------------------------


@dataclass(frozen=True)
class OpenFamily(CallbackData, prefix="Cf"):
    parent_id: int
    page: int = 0  # of the suggested buddies


@dataclass(frozen=True)
class ChooseBuddy(CallbackData, prefix="Cb"):
    parent_id: int
    buddy_id: int
    reassign: bool


@dataclass(frozen=True)
class ConfirmMatch(CallbackData, prefix="Cc"):
    parent_id: int
    buddy_id: int
    reassign: bool


@dataclass(frozen=True)
class Reassign(CallbackData, prefix="Cr"):
    parent_id: int
    page: int = 0  # of the suggested buddies


@dataclass(frozen=True)
class WriteToFamily(CallbackData, prefix="Cu"):
    parent_id: int


@dataclass(frozen=True)
class EndMatch(CallbackData, prefix="Ce"):
    match_id: int
    reason: EndReason | None  # None: ask for the reason


# --- signals -------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenSignal(CallbackData, prefix="Cs"):
    signal_id: int


@dataclass(frozen=True)
class ClaimSignal(CallbackData, prefix="Cl"):
    signal_id: int


@dataclass(frozen=True)
class ResolveSignal(CallbackData, prefix="Cv"):
    signal_id: int


# --- activities ----------------------------------------------------------------------


@dataclass(frozen=True)
class NewActivity(CallbackData, prefix="Cn"):
    pass


@dataclass(frozen=True)
class OpenActivity(CallbackData, prefix="Ca"):
    activity_id: int
    page: int = 0  # of the names to tick who came


@dataclass(frozen=True)
class PublishActivity(CallbackData, prefix="Cp"):
    activity_id: int


@dataclass(frozen=True)
class ToggleAttendance(CallbackData, prefix="Ct"):
    activity_id: int
    parent_id: int
    page: int = 0  # the page of names it is on


# --- broadcasts ----------------------------------------------------------------------


@dataclass(frozen=True)
class NewBroadcast(CallbackData, prefix="Cx"):
    pass


# --- invites, referral links, reports ------------------------------------------------


@dataclass(frozen=True)
class InviteFor(CallbackData, prefix="Cj"):
    """Which scope the invite is for: asked of province-wide coordinators."""

    kind: InviteKind


@dataclass(frozen=True)
class MakeInvite(CallbackData, prefix="Ci"):
    kind: InviteKind
    municipality: str | None  # None: province-wide (coordinator invites only)


@dataclass(frozen=True)
class NewReferral(CallbackData, prefix="Cq"):
    pass


@dataclass(frozen=True)
class OpenReferral(CallbackData, prefix="Co"):
    link_id: int


@dataclass(frozen=True)
class RetireReferral(CallbackData, prefix="Cz"):
    link_id: int
    active: bool


@dataclass(frozen=True)
class MakeReport(CallbackData, prefix="Cw"):
    municipality: str | None  # None: the whole province


# --- a choice inside a conversation --------------------------------------------------


@dataclass(frozen=True)
class Pick(CallbackData, prefix="Ck"):
    """A button inside a coordinator conversation: ``step`` names the question it
    answers (a stale button of another step is ignored), ``value`` the answer (None:
    "everyone" / "skip")."""

    step: str
    value: str | None
