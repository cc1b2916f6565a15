"""Callback data of the buttons on scheduled messages (prefixes start with "S")."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData
from domain.surveys import HelpedMost


@dataclass(frozen=True)
class CheckinScore(CallbackData, prefix="Sk"):
    checkin_id: int
    score: int


@dataclass(frozen=True)
class CheckinContact(CallbackData, prefix="Sc"):
    checkin_id: int
    wants_contact: bool


@dataclass(frozen=True)
class SurveyRating(CallbackData, prefix="Sr"):
    survey_id: int
    helpfulness: int


@dataclass(frozen=True)
class SurveyHelpedMost(CallbackData, prefix="Sh"):
    survey_id: int
    choice: HelpedMost


@dataclass(frozen=True)
class SurveyComment(CallbackData, prefix="Sm"):
    survey_id: int
    write: bool
