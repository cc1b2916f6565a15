"""Translations per update: gettext catalogs compiled by babel, dates in CLDR style.

Message ids are English. Every role area has its own catalog domain (see
``CATALOG_DOMAINS``) so work on one flow never collides with another; at load time the
domains of a language are merged into one :class:`Translator`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.support import Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LANGUAGE = "nl"
# The language the message ids are written in; its catalog is filled automatically.
SOURCE_LANGUAGE = "en"

# Catalog domain -> source folders whose strings it holds.
CATALOG_DOMAINS: dict[str, tuple[str, ...]] = {
    "core": ("bot", "flows/common"),
    "parents": ("flows/parent",),
    "buddies": ("flows/buddy",),
    "coordinators": ("flows/coordinator",),
    "scheduler": ("flows/scheduled",),
}


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translate it where it is shown."""
    return message


@dataclass(frozen=True)
class Translator:
    """Everything language-dependent for one person: messages, dates, direction."""

    language: str
    translations: Translations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    @property
    def is_rtl(self) -> bool:
        return self.locale.text_direction == "rtl"

    def date(self, day: date, format: str = "long") -> str:  # noqa: A002 - babel's name
        return format_date(day, format=format, locale=self.language)

    def datetime(self, moment: datetime, timezone: ZoneInfo, format: str = "medium") -> str:  # noqa: A002
        return format_datetime(moment, format=format, tzinfo=timezone, locale=self.language)

    def time(self, moment: datetime, timezone: ZoneInfo) -> str:
        return format_time(moment, format="short", tzinfo=timezone, locale=self.language)

    def weekday_and_date(self, moment: datetime, timezone: ZoneInfo) -> str:
        """E.g. 'zaterdag 12 december 2026 om 10:00' in the person's language."""
        local = moment.astimezone(timezone)
        day = format_date(local.date(), format="full", locale=self.language)
        return f"{day}, {self.time(moment, timezone)}"


class CatalogError(ValueError):
    """Catalogs missing or not compiled."""


class Catalogs:
    """The compiled catalogs of every shipped language, loaded once at start."""

    def __init__(self, translators: dict[str, Translator]) -> None:
        if DEFAULT_LANGUAGE not in translators:
            raise CatalogError(f"the {DEFAULT_LANGUAGE!r} catalog is missing")
        self._translators = translators

    @classmethod
    def load(cls, locales_dir: Path = LOCALES_DIR) -> Catalogs:
        translators = {}
        for language in shipped_languages(locales_dir):
            if not (locales_dir / language / "LC_MESSAGES" / "core.mo").is_file():
                raise CatalogError(
                    f"the {language!r} catalogs are not compiled: run `make compile-catalogs`"
                )
            merged = Translations()
            for domain in CATALOG_DOMAINS:
                loaded = Translations.load(str(locales_dir), [language], domain)
                if isinstance(loaded, Translations):
                    merged.merge(loaded)
            translators[language] = Translator(language, merged)
        return cls(translators)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._translators)

    def get(self, language: str) -> Translator:
        return self._translators.get(language) or self._translators[DEFAULT_LANGUAGE]

    def pick(self, stored: str | None, telegram_code: str | None) -> Translator:
        """The stored preference, else Telegram's language if shipped, else Dutch."""
        if stored in self._translators:
            return self._translators[stored]
        primary = (telegram_code or "").split("-")[0].lower()
        return self._translators.get(primary) or self._translators[DEFAULT_LANGUAGE]


def shipped_languages(locales_dir: Path = LOCALES_DIR) -> tuple[str, ...]:
    """Languages with a core catalog, Dutch first, then in a stable order."""
    found = sorted(p.parent.parent.name for p in locales_dir.glob("*/LC_MESSAGES/core.po"))
    return tuple(
        sorted(found, key=lambda lang: (lang != DEFAULT_LANGUAGE, _ORDER.get(lang, 99), lang))
    )


_ORDER = {"nl": 0, "en": 1, "ar": 2, "tr": 3, "pl": 4, "uk": 5}


def native_name(language: str) -> str:
    """The language's name in itself, e.g. 'Nederlands', 'العربية'."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def languages_in_order(languages: Iterable[str]) -> list[str]:
    return sorted(languages, key=lambda lang: (_ORDER.get(lang, 99), lang))
