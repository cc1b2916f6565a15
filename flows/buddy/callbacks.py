"""Callback data of the buddy's buttons (prefixes: "B" and a letter). Whatever a button
names (a family, a log, an alert) is re-checked on the server when it is tapped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.callbacks import CallbackData, InvalidCallbackData
from domain.alerts import AlertResponse
from domain.contacts import Concern, ContactKind, Topic


class MenuAction(StrEnum):
    HOME = "home"
    FAMILIES = "families"
    LOG = "log"
    LOGS = "logs"


@dataclass(frozen=True)
class BuddyMenu(CallbackData, prefix="Bm"):
    action: MenuAction
    page: int = 0  # of a list (families, recent logs, the families to log for)


def menu_is(action: MenuAction) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern for one menu button (garbled data: no match)."""

    def matches(data: object) -> bool:
        try:
            return BuddyMenu.unpack(data).action is action
        except InvalidCallbackData:
            return False

    return matches


@dataclass(frozen=True)
class OpenFamily(CallbackData, prefix="Bf"):
    parent_id: int
    page: int = 0  # of the messages waiting for an answer


@dataclass(frozen=True)
class WriteTo(CallbackData, prefix="Bw"):
    parent_id: int


# --- logging a contact ---------------------------------------------------------------


@dataclass(frozen=True)
class LogFor(CallbackData, prefix="Bl"):
    parent_id: int


@dataclass(frozen=True)
class LogDay(CallbackData, prefix="Bd"):
    days_ago: int | None  # None: show more days to pick from


@dataclass(frozen=True)
class LogKind(CallbackData, prefix="Bk"):
    kind: ContactKind


@dataclass(frozen=True)
class LogDuration(CallbackData, prefix="Bu"):
    minutes: int


@dataclass(frozen=True)
class LogTopic(CallbackData, prefix="Bt"):
    topic: Topic | None  # None: done choosing


@dataclass(frozen=True)
class LogMood(CallbackData, prefix="Bo"):
    score: int


@dataclass(frozen=True)
class LogConcern(CallbackData, prefix="Bc"):
    concern: Concern


class ReviewAction(StrEnum):
    NOTE = "note"
    CHANGE = "change"  # show what can be changed
    BACK = "back"  # back to the summary
    DAY = "day"
    KIND = "kind"
    DURATION = "duration"
    TOPICS = "topics"
    MOOD = "mood"
    DELETE = "delete"
    DELETE_CONFIRMED = "deleted"
    DONE = "done"


@dataclass(frozen=True)
class OpenLog(CallbackData, prefix="Bg"):
    contact_id: int


@dataclass(frozen=True)
class ReviewLog(CallbackData, prefix="Bv"):
    contact_id: int
    action: ReviewAction


# --- alerts and wellbeing ------------------------------------------------------------


@dataclass(frozen=True)
class AnswerAlert(CallbackData, prefix="Ba"):
    alert_id: int
    response: AlertResponse


@dataclass(frozen=True)
class WellbeingScore(CallbackData, prefix="Bs"):
    month: str  # YYYY-MM
    score: int


@dataclass(frozen=True)
class WellbeingHours(CallbackData, prefix="Bh"):
    confirmed: bool  # True: the pre-filled hours are right; False: type them


# --- registering ---------------------------------------------------------------------


class RegistrationStep(StrEnum):
    LANGUAGES = "languages"
    NEIGHBOURHOODS = "hoods"
    AVAILABILITY = "availability"


@dataclass(frozen=True)
class UseTelegramName(CallbackData, prefix="Bn"):
    pass


@dataclass(frozen=True)
class ToggleChoice(CallbackData, prefix="Br"):
    step: RegistrationStep
    value: str | None  # None: done choosing


@dataclass(frozen=True)
class ConfirmRegistration(CallbackData, prefix="By"):
    confirmed: bool
