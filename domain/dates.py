"""Reading a date a parent typed, and checking it fits their phase.

Parents type dates in many ways: ``12-03-2027``, ``12/3/27``, ``2027-03-12``,
``12 maart 2027``, ``March 12th, 2027``, ``١٢ مارس ٢٠٢٧``. Day comes before month (as in
the Netherlands) unless the year comes first. Month names are understood in the parent's
language, in Dutch and in English, from the CLDR data babel ships (full, abbreviated and
stand-alone forms, e.g. Polish ``marca`` and ``marzec``); accents, case and a final dot do
not matter. Without a year the nearest sensible year is chosen.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from babel.dates import get_month_names

from domain.errors import InvalidInput

# A due date may lie at most 42 weeks ahead, or 4 weeks in the past (a late baby).
DUE_DATE_MAX_AHEAD = timedelta(weeks=42)
DUE_DATE_MAX_PAST = timedelta(weeks=4)
# Kansrijke Start covers the first 1000 days: babies up to their second birthday.
BABY_MAX_AGE_YEARS = 2
PREGNANCY_WEEKS = 40
# Month names understood besides the parent's own language.
ALWAYS_UNDERSTOOD = ("nl", "en")
# Regional month names babel knows under another locale (Levantine and Maghrebi Arabic).
_LOCALE_VARIANTS = {"ar": ("ar", "ar_SY", "ar_MA", "ar_DZ")}

# Arabic-Indic and Persian digits typed on Arabic keyboards.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Letters with no decomposition that people often type without their mark.
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "أ": "ا", "إ": "ا", "آ": "ا"})
_SEPARATORS = re.compile(r"[\s\-/.,:]+")
# "12th", "12e", "12de", "12ste", "1er": the number with its ordinal ending.
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|e|de|ste|er)?$")
# Stands in for a recognised month name while the text is split: "@3" is March.
_MONTH_MARK = "@"
# Shortened month names people type ("sept", "febr") are read from this length on.
MIN_PREFIX = 3


class DateProblem(StrEnum):
    UNREADABLE = "unreadable"  # not recognisable as a date
    IMPOSSIBLE = "impossible"  # looks like a date that does not exist, e.g. 31-02
    TOO_FAR_AHEAD = "too_far_ahead"
    TOO_LONG_AGO = "too_long_ago"
    IN_THE_FUTURE = "in_the_future"


class DateRejected(InvalidInput):
    """A typed date that cannot be used; ``problem`` says why."""

    def __init__(self, problem: DateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class YearGuess(StrEnum):
    """Which year a date without one means."""

    COMING = "coming"  # a due date: this year's, unless that was over 4 weeks ago
    PAST = "past"  # a birth date: the most recent one that is not in the future


def western_digits(text: str) -> str:
    """0-9 for the Arabic-Indic and Persian digits of Arabic keyboards."""
    return text.translate(_DIGITS)


def parse_date(text: str, language: str, today: date, guess: YearGuess) -> date:
    """The date in ``text``; raises DateRejected(UNREADABLE or IMPOSSIBLE)."""
    tokens = _tokens(text, language)
    numbers = [token for token in tokens if isinstance(token, int)]
    month_names = [token for token in tokens if isinstance(token, tuple)]
    if len(month_names) > 1:
        raise DateRejected(DateProblem.UNREADABLE)
    if month_names:
        day, month, year = _with_month_name(numbers, month_names[0][1])
    else:
        day, month, year = _numeric(numbers, tokens)
    if year is None:
        return _guess_year(day, month, today, guess)
    return _make(year, month, day)


def parse_due_date(text: str, language: str, today: date) -> date:
    due = parse_date(text, language, today, YearGuess.COMING)
    check_due_date(due, today)
    return due


def parse_birth_date(text: str, language: str, today: date) -> date:
    born = parse_date(text, language, today, YearGuess.PAST)
    check_birth_date(born, today)
    return born


def check_due_date(due: date, today: date) -> None:
    if due > today + DUE_DATE_MAX_AHEAD:
        raise DateRejected(DateProblem.TOO_FAR_AHEAD)
    if due < today - DUE_DATE_MAX_PAST:
        raise DateRejected(DateProblem.TOO_LONG_AGO)


def check_birth_date(born: date, today: date) -> None:
    if born > today:
        raise DateRejected(DateProblem.IN_THE_FUTURE)
    if born < years_before(today, BABY_MAX_AGE_YEARS):
        raise DateRejected(DateProblem.TOO_LONG_AGO)


def due_date_from_weeks(weeks_pregnant: int, today: date) -> date:
    """An estimate for a parent who knows how far along they are but not the date."""
    if not 1 <= weeks_pregnant <= PREGNANCY_WEEKS + 2:
        raise DateRejected(DateProblem.IMPOSSIBLE)
    return today + timedelta(weeks=PREGNANCY_WEEKS - weeks_pregnant)


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------- reading the text

Token = int | tuple[str, int] | str  # a number, (_MONTH_MARK, month), or another word


def _tokens(text: str, language: str) -> list[Token]:
    folded = _fold(western_digits(text)).replace(_MONTH_MARK, " ")
    names = month_names_for(language)
    # Month names first, longest first, so multi-word names (Levantine "tishreen
    # al-awwal") and names that contain others are taken whole.
    for name, month in names:
        folded = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", f" {_MONTH_MARK}{month} ", folded)
    tokens: list[Token] = []
    for part in _SEPARATORS.split(folded):
        if not part:
            continue
        if part.startswith(_MONTH_MARK):
            tokens.append((_MONTH_MARK, int(part[1:])))
        elif match := _ORDINAL.match(part):
            tokens.append(int(match.group(1)))
        elif month := _month_by_prefix(part, names):
            tokens.append((_MONTH_MARK, month))
        else:
            tokens.append(part)
    return tokens


def _month_by_prefix(word: str, names: tuple[tuple[str, int], ...]) -> int | None:
    """ "sept" is September, "febr" February; None when short or ambiguous."""
    if len(word) < MIN_PREFIX or not word.isalpha():
        return None
    months = {month for name, month in names if name.startswith(word)}
    return months.pop() if len(months) == 1 else None


def _with_month_name(numbers: list[int], month: int) -> tuple[int, int, int | None]:
    """ "12 maart 2027", "March 12, 2027", "12 maart": one day, maybe a year."""
    years = [n for n in numbers if n >= 100]
    days = [n for n in numbers if n < 100]
    if len(days) == 2 and not years:
        # "12 maart 27": the second small number is a two-digit year.
        return days[0], month, _full_year(days[1])
    if len(days) != 1 or len(years) > 1:
        raise DateRejected(DateProblem.UNREADABLE)
    return days[0], month, _full_year(years[0]) if years else None


def _numeric(numbers: list[int], tokens: list[Token]) -> tuple[int, int, int | None]:
    """ "12-03-2027", "2027-03-12", "12/3/27", "12032027", "12-3"."""
    if any(isinstance(token, str) for token in tokens) or not numbers:
        raise DateRejected(DateProblem.UNREADABLE)
    if len(numbers) == 1:
        return _compact(str(numbers[0]))
    if len(numbers) == 2 and max(numbers) < 100:
        return numbers[0], numbers[1], None
    if len(numbers) == 3:
        first, second, third = numbers
        if first >= 1000:
            return third, second, first
        return first, second, _full_year(third)
    raise DateRejected(DateProblem.UNREADABLE)


def _compact(digits: str) -> tuple[int, int, int | None]:
    """Digits without separators: DDMMYYYY or DDMMYY."""
    if len(digits) == 8:
        return int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if len(digits) == 6:
        return int(digits[:2]), int(digits[2:4]), _full_year(int(digits[4:]))
    raise DateRejected(DateProblem.UNREADABLE)


def _full_year(year: int) -> int:
    if year < 100:
        return 2000 + year
    if 1900 <= year <= 2200:
        return year
    raise DateRejected(DateProblem.IMPOSSIBLE)


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateRejected(DateProblem.IMPOSSIBLE) from error


def _guess_year(day: int, month: int, today: date, guess: YearGuess) -> date:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise DateRejected(DateProblem.IMPOSSIBLE)
    # Wide enough that 29 February without a year finds the nearest leap year.
    candidates = list(range(today.year - 4, today.year + 5))
    if guess is YearGuess.PAST:
        candidates.reverse()
    for year in candidates:
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if guess is YearGuess.COMING and candidate >= today - DUE_DATE_MAX_PAST:
            return candidate
        if guess is YearGuess.PAST and candidate <= today:
            return candidate
    raise DateRejected(DateProblem.IMPOSSIBLE)


def _fold(text: str) -> str:
    """Lower case, no accents, no dotless i: what people type on any keyboard."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def month_names_for(language: str) -> tuple[tuple[str, int], ...]:
    """(folded name, month) pairs understood for ``language``, longest names first."""
    names: dict[str, int] = {}
    for locale in _locales_for(language):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for month, name in get_month_names(width, context, locale=locale).items():
                    folded = _fold(name).rstrip(".")
                    # A name meaning two months in two languages is left out.
                    if names.setdefault(folded, month) != month:
                        names[folded] = 0
    return tuple(
        sorted(
            ((name, month) for name, month in names.items() if month),
            key=lambda pair: (-len(pair[0]), pair[0]),
        )
    )


def _locales_for(language: str) -> list[str]:
    locales: list[str] = []
    for code in (language, *ALWAYS_UNDERSTOOD):
        for locale in _LOCALE_VARIANTS.get(code, (code,)):
            if locale not in locales:
                locales.append(locale)
    return locales
