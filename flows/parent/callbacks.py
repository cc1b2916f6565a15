"""Callback data of the parent's buttons (prefixes start with "P")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData
from domain.consent import Purpose
from domain.parents import CheckinFrequency, StopReason, TimeOfDay

# ---------------------------------------------------------------- onboarding


@dataclass(frozen=True)
class OnboardingLanguage(CallbackData, prefix="Pl"):
    """The first tap of a new parent; carries the referral link they came with."""

    language: str
    referral_id: int | None


class OnboardingChoice(StrEnum):
    CONTINUE = "go"
    YES = "yes"
    NO = "no"
    WISH = "wish"
    PREGNANT = "pregnant"
    BABY = "baby"
    DATE_UNKNOWN = "nodate"
    USE_TELEGRAM_NAME = "tgname"
    SKIP = "skip"
    CORRECT = "ok"
    CHANGE = "change"


@dataclass(frozen=True)
class Onboarding(CallbackData, prefix="Po"):
    choice: OnboardingChoice


@dataclass(frozen=True)
class OnboardingMunicipality(CallbackData, prefix="Pg"):
    slug: str


@dataclass(frozen=True)
class OnboardingNeighbourhood(CallbackData, prefix="Pn"):
    slug: str | None  # None: another one, or "I don't know"


class SummaryField(StrEnum):
    PHASE = "phase"
    PLACE = "place"
    NAME = "name"
    CONSENTS = "consents"


@dataclass(frozen=True)
class OnboardingChange(CallbackData, prefix="Pc"):
    field: SummaryField


# ---------------------------------------------------------------- home and its screens


class MenuItem(StrEnum):
    HOME = "home"
    ASK = "ask"
    HELP = "help"
    ACTIVITIES = "act"
    TIP = "tip"
    BUDDY = "buddy"
    SETTINGS = "settings"
    DATA = "data"


@dataclass(frozen=True)
class ParentMenu(CallbackData, prefix="Pm"):
    item: MenuItem


@dataclass(frozen=True)
class ContactMe(CallbackData, prefix="Ph"):
    """ "I want a professional to contact me" (Help now)."""


@dataclass(frozen=True)
class ParentReply(CallbackData, prefix="Pr"):
    """Reply under a message from the buddy or a coordinator."""

    thread_id: int


@dataclass(frozen=True)
class SendTyped(CallbackData, prefix="Pq"):
    """The answer to "Send this to your buddy?" after typing outside any flow."""

    send: bool


# ---------------------------------------------------------------- settings


class SettingsItem(StrEnum):
    CHECKINS = "checkins"
    TIME = "time"
    PAUSE = "pause"
    LANGUAGE = "language"
    PREGNANT = "pregnant"
    BORN = "born"
    ENDED = "ended"
    STOP = "stop"


@dataclass(frozen=True)
class OpenSetting(CallbackData, prefix="Ps"):
    item: SettingsItem


@dataclass(frozen=True)
class SetCheckins(CallbackData, prefix="Pk"):
    frequency: CheckinFrequency


@dataclass(frozen=True)
class SetTimeOfDay(CallbackData, prefix="Pt"):
    time_of_day: TimeOfDay


@dataclass(frozen=True)
class SetPause(CallbackData, prefix="Pp"):
    weeks: int  # 0: messages again from today


@dataclass(frozen=True)
class StopWith(CallbackData, prefix="Px"):
    reason: StopReason


@dataclass(frozen=True)
class ComeBack(CallbackData, prefix="Pb"):
    pass


class BirthDay(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"


@dataclass(frozen=True)
class BornOn(CallbackData, prefix="Pd"):
    day: BirthDay


@dataclass(frozen=True)
class DueDateUnknown(CallbackData, prefix="Pu"):
    """ "I don't know the date" when a parent in the wish phase becomes pregnant."""


class LossStep(StrEnum):
    CONFIRM = "confirm"
    BUDDY = "buddy"
    PROFESSIONAL = "pro"
    NOT_NOW = "later"


@dataclass(frozen=True)
class AfterLoss(CallbackData, prefix="Pe"):
    step: LossStep


# ---------------------------------------------------------------- my data


class DataAction(StrEnum):
    EXPORT = "export"
    DELETE = "delete"  # first step: what deleting means
    DELETE_SURE = "sure"  # second step: the last question
    DELETE_NOW = "now"


@dataclass(frozen=True)
class MyData(CallbackData, prefix="Pv"):
    action: DataAction


@dataclass(frozen=True)
class SetConsent(CallbackData, prefix="Pz"):
    purpose: Purpose
    granted: bool
