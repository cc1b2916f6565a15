"""The programme's settings file (TOML): municipalities, neighbourhoods, help directory
and the tunable periods of the programme. Loaded once at start and validated."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from domain.errors import InvalidInput

DEFAULT_LANGUAGE = "nl"
# Municipalities, and the neighbourhoods of one, are each asked with one keyboard of a
# button a place (plus a few): Telegram takes at most 100 buttons a message. The
# province with the most municipalities has 56.
MAX_PLACES = 60


class SettingsError(ValueError):
    """The settings file is missing or invalid; the message says where."""


@dataclass(frozen=True, slots=True)
class HelpEntry:
    name: str
    phone: str | None
    url: str | None
    description: dict[str, str]
    example: bool = False

    def description_in(self, language: str) -> str:
        return self.description.get(language) or self.description.get(DEFAULT_LANGUAGE, "")


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Municipality:
    slug: str
    name: str
    neighbourhoods: tuple[Neighbourhood, ...]
    help: tuple[HelpEntry, ...]

    def neighbourhood(self, slug: str) -> Neighbourhood | None:
        return next((n for n in self.neighbourhoods if n.slug == slug), None)


@dataclass(frozen=True, slots=True)
class ProgrammeRules:
    """Periods the programme can tune; defaults are the issue tracker's."""

    question_answer_hours: int = 24
    urgent_signal_renotify_hours: int = 4
    buddy_contact_reminder_days: int = 14
    low_mood_ack_hours: int = 24
    quiet_hours_start: time = time(21, 0)
    quiet_hours_end: time = time(8, 30)
    retention_months: int = 12
    audit_retention_months: int = 60


@dataclass(frozen=True, slots=True)
class Settings:
    province: str
    municipalities: tuple[Municipality, ...]
    national_help: tuple[HelpEntry, ...]
    rules: ProgrammeRules = field(default_factory=ProgrammeRules)

    def municipality(self, slug: str) -> Municipality | None:
        return next((m for m in self.municipalities if m.slug == slug), None)

    def municipality_name(self, slug: str | None) -> str:
        found = self.municipality(slug) if slug else None
        return found.name if found else (slug or "")

    def check_place(self, municipality: str, neighbourhood: str | None) -> None:
        """InvalidInput ("municipality", "neighbourhood") unless the municipality is one of
        the programme's and the neighbourhood (if any) one of its."""
        found = self.municipality(municipality)
        if found is None:
            raise InvalidInput("municipality")
        if neighbourhood and not found.neighbourhood(neighbourhood):
            raise InvalidInput("neighbourhood")

    def neighbourhood_name(self, municipality: str, slug: str | None) -> str:
        found = self.municipality(municipality)
        hood = found.neighbourhood(slug) if found and slug else None
        return hood.name if hood else (slug or "")


def load_settings(path: Path) -> Settings:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SettingsError(f"settings file not found: {path}") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"settings file {path} is not valid TOML: {error}") from error
    try:
        return _parse(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise SettingsError(f"settings file {path} is invalid: {error}") from error


def _parse(raw: dict[str, Any]) -> Settings:
    municipalities = tuple(_municipality(m) for m in raw["municipalities"])
    slugs = [m.slug for m in municipalities]
    if not slugs:
        raise ValueError("at least one municipality is needed")
    if len(set(slugs)) != len(slugs):
        raise ValueError("municipality slugs must be unique")
    if len(slugs) > MAX_PLACES:
        raise ValueError(f"at most {MAX_PLACES} municipalities fit in a keyboard")
    return Settings(
        province=str(raw.get("province", "")),
        municipalities=municipalities,
        national_help=tuple(_help_entry(h) for h in raw.get("national_help", [])),
        rules=_rules(raw.get("programme", {})),
    )


def _municipality(raw: dict[str, Any]) -> Municipality:
    slug = _slug(raw["slug"])
    hoods = tuple(
        Neighbourhood(slug=_slug(h["slug"]), name=str(h["name"]))
        for h in raw.get("neighbourhoods", [])
    )
    if len(hoods) > MAX_PLACES:
        raise ValueError(f"at most {MAX_PLACES} neighbourhoods of {slug!r} fit in a keyboard")
    return Municipality(
        slug=slug,
        name=str(raw["name"]),
        neighbourhoods=hoods,
        help=tuple(_help_entry(h) for h in raw.get("help", [])),
    )


def _help_entry(raw: dict[str, Any]) -> HelpEntry:
    description = raw.get("description", {})
    if isinstance(description, str):
        description = {DEFAULT_LANGUAGE: description}
    if not raw.get("phone") and not raw.get("url"):
        raise ValueError(f"help entry {raw.get('name')!r} needs a phone or a url")
    return HelpEntry(
        name=str(raw["name"]),
        phone=raw.get("phone"),
        url=raw.get("url"),
        description={str(k): str(v) for k, v in description.items()},
        example=bool(raw.get("example", False)),
    )


def _rules(raw: dict[str, Any]) -> ProgrammeRules:
    defaults = ProgrammeRules()
    return ProgrammeRules(
        question_answer_hours=int(raw.get("question_answer_hours", defaults.question_answer_hours)),
        urgent_signal_renotify_hours=int(
            raw.get("urgent_signal_renotify_hours", defaults.urgent_signal_renotify_hours)
        ),
        buddy_contact_reminder_days=int(
            raw.get("buddy_contact_reminder_days", defaults.buddy_contact_reminder_days)
        ),
        low_mood_ack_hours=int(raw.get("low_mood_ack_hours", defaults.low_mood_ack_hours)),
        quiet_hours_start=_time(raw.get("quiet_hours_start"), defaults.quiet_hours_start),
        quiet_hours_end=_time(raw.get("quiet_hours_end"), defaults.quiet_hours_end),
        retention_months=int(raw.get("retention_months", defaults.retention_months)),
        audit_retention_months=int(
            raw.get("audit_retention_months", defaults.audit_retention_months)
        ),
    )


def _time(value: Any, default: time) -> time:
    if value is None:
        return default
    if isinstance(value, time):
        return value
    return time.fromisoformat(str(value))


def _slug(value: Any) -> str:
    slug = str(value)
    if not slug or not all(c.isascii() and (c.isalnum() or c == "-") for c in slug):
        raise ValueError(f"slug {slug!r} may hold only a-z, 0-9 and '-'")
    return slug
