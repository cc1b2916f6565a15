"""The experience survey: how much the support helped, what helped most, and an optional
comment. Asked six weeks into a match, when a match ends and at the end of the programme;
the answers feed the anonymised monitoring reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

HELPFULNESS_SCORES = range(1, 11)
SIX_WEEKS = timedelta(weeks=6)
MAX_COMMENT_LENGTH = 1000


class SurveyKind(StrEnum):
    SIX_WEEKS = "six_weeks"
    MATCH_END = "match_end"
    FINAL = "final"


class HelpedMost(StrEnum):
    BUDDY_TALKS = "buddy_talks"
    PRACTICAL_HELP = "practical"
    TIPS = "tips"
    OTHER_PARENTS = "other_parents"
    FINDING_HELP = "finding_help"
    SOMETHING_ELSE = "else"


@dataclass(frozen=True, slots=True)
class Survey:
    id: int
    parent_id: int | None
    match_id: int | None
    municipality: str
    kind: SurveyKind
    sent_at: datetime | None
    answered_at: datetime | None
    helpfulness: int | None
    helped_most: HelpedMost | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class SurveyDue:
    """A survey a planner found due for a parent."""

    parent_id: int
    match_id: int | None
    municipality: str
    kind: SurveyKind
