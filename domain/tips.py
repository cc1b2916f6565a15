"""Weekly tips for parents: which stage a parent is in and the tip text for that stage.

Tips live in ``locales/tips/<lang>.toml``, one table per stage key (``wish.3``,
``pregnancy.12``, ``baby.7``) with a ``title`` and a plain-text ``text``.
"""

from __future__ import annotations

import calendar
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

DEFAULT_LANGUAGE = "nl"

WISH_SERIES_LENGTH = 6
PREGNANCY_WEEKS = range(4, 43, 2)
BABY_MONTHS = range(0, 24)
# A pregnancy lasts 40 weeks counted from the first day of the last period.
PREGNANCY_DAYS = 40 * 7


class Track(StrEnum):
    WISH = "wish"
    PREGNANCY = "pregnancy"
    BABY = "baby"


_STAGE_NUMBERS: Mapping[Track, range] = {
    Track.WISH: range(1, WISH_SERIES_LENGTH + 1),
    Track.PREGNANCY: PREGNANCY_WEEKS,
    Track.BABY: BABY_MONTHS,
}


class TipLibraryError(ValueError):
    """A tip file is invalid; the message says which file and key."""


@dataclass(frozen=True, slots=True)
class Stage:
    """A point in the programme that has its own tip.

    ``number`` is the position in the wish series (1-6), the even pregnancy week
    (4-42) or the baby's age in completed months (0-23).
    """

    track: Track
    number: int

    def __post_init__(self) -> None:
        if self.number not in _STAGE_NUMBERS[self.track]:
            raise ValueError(f"no {self.track} stage {self.number}")

    @property
    def key(self) -> str:
        return f"{self.track}.{self.number}"


@dataclass(frozen=True, slots=True)
class Tip:
    key: str
    title: str
    text: str


class TipLibrary:
    """Every tip in every language, loaded once at start."""

    def __init__(self, tips: Mapping[str, Mapping[str, Tip]]) -> None:
        self._tips = {language: dict(by_key) for language, by_key in tips.items()}

    @classmethod
    def load(cls, directory: Path) -> TipLibrary:
        """Read every ``<lang>.toml`` in ``directory``; raises TipLibraryError if invalid."""
        return cls({path.stem: _read_tip_file(path) for path in sorted(directory.glob("*.toml"))})

    @staticmethod
    def all_stage_keys() -> tuple[str, ...]:
        """Every key a complete language file has, in programme order."""
        return tuple(
            Stage(track, number).key
            for track, numbers in _STAGE_NUMBERS.items()
            for number in numbers
        )

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self._tips))

    def get(self, stage: Stage, language: str, fallback: str = DEFAULT_LANGUAGE) -> Tip:
        """The tip for ``stage`` in ``language``, else in ``fallback``; KeyError if neither."""
        for candidate in (language, fallback):
            tip = self._tips.get(candidate, {}).get(stage.key)
            if tip is not None:
                return tip
        raise KeyError(f"no tip {stage.key!r} in {language!r} or {fallback!r}")

    def missing(self, languages: Iterable[str], expected_keys: Iterable[str]) -> list[str]:
        """``"<lang>:<key>"`` for every expected tip a language lacks (all, if not loaded)."""
        keys = tuple(expected_keys)
        return [
            f"{language}:{key}"
            for language in languages
            for key in keys
            if key not in self._tips.get(language, {})
        ]


def stage_for(
    *,
    phase: str,
    today: date,
    due_date: date | None,
    birth_date: date | None,
    weeks_in_wish_phase: int = 0,
) -> Stage | None:
    """The stage whose tip a parent gets today, or None when there is none any more.

    ``phase`` is the parent's phase: "wish", "pregnant", "baby" or "ended".
    Raises ValueError for an unknown phase or a date the phase needs but lacks.
    """
    match phase:
        case "wish":
            return _wish_stage(weeks_in_wish_phase)
        case "pregnant":
            if due_date is None:
                raise ValueError("a pregnant parent needs a due date")
            return _pregnancy_stage(today, due_date)
        case "baby":
            if birth_date is None:
                raise ValueError("a parent in the baby phase needs a birth date")
            return _baby_stage(today, birth_date)
        case "ended":
            return None
        case _:
            raise ValueError(f"unknown phase {phase!r}")


def _wish_stage(weeks_in_wish_phase: int) -> Stage:
    """The wish series repeats: week 0 gets tip 1, week 6 gets tip 1 again."""
    if weeks_in_wish_phase < 0:
        raise ValueError("weeks_in_wish_phase cannot be negative")
    return Stage(Track.WISH, weeks_in_wish_phase % WISH_SERIES_LENGTH + 1)


def _pregnancy_stage(today: date, due_date: date) -> Stage:
    """Completed weeks of pregnancy (40 on the due date), clamped and rounded down to even."""
    completed_weeks = (PREGNANCY_DAYS - (due_date - today).days) // 7
    week = min(max(completed_weeks, PREGNANCY_WEEKS.start), PREGNANCY_WEEKS[-1])
    return Stage(Track.PREGNANCY, week - week % 2)


def _baby_stage(today: date, birth_date: date) -> Stage | None:
    """The baby's age in completed months; None from the second birthday on."""
    months = max(_completed_months(birth_date, today), 0)
    if months > BABY_MONTHS[-1]:
        return None
    return Stage(Track.BABY, months)


def _completed_months(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end``; 31 January + 1 month is 28/29 February."""
    months = (end.year - start.year) * 12 + end.month - start.month
    days_in_end_month = calendar.monthrange(end.year, end.month)[1]
    if end.day < min(start.day, days_in_end_month):
        months -= 1
    return months


def _read_tip_file(path: Path) -> dict[str, Tip]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TipLibraryError(f"{path}: {error}") from error
    expected = set(TipLibrary.all_stage_keys())
    tips: dict[str, Tip] = {}
    for track, stages in data.items():
        if not isinstance(stages, dict):
            raise TipLibraryError(f"{path}: {track!r} is not a table of stages")
        for number, fields in stages.items():
            key = f"{track}.{number}"
            if key not in expected:
                raise TipLibraryError(f"{path}: unknown tip key {key!r}")
            tips[key] = _parse_tip(path, key, fields)
    return tips


def _parse_tip(path: Path, key: str, fields: Any) -> Tip:
    if not isinstance(fields, dict) or set(fields) != {"title", "text"}:
        raise TipLibraryError(f"{path}: [{key}] must have exactly a title and a text")
    title, text = fields["title"], fields["text"]
    if not (isinstance(title, str) and isinstance(text, str) and title.strip() and text.strip()):
        raise TipLibraryError(f"{path}: [{key}] needs a non-empty title and text")
    return Tip(key=key, title=title.strip(), text=text.strip())
