"""Reading the dates parents type, and the rules for due dates and birth dates."""

from __future__ import annotations

from datetime import date

import pytest

from domain.dates import (
    DateProblem,
    DateRejected,
    YearGuess,
    check_birth_date,
    check_due_date,
    due_date_from_weeks,
    month_names_for,
    parse_birth_date,
    parse_date,
    parse_due_date,
    years_before,
)

TODAY = date(2026, 11, 23)
MARCH_12 = date(2027, 3, 12)


def read(text: str, language: str = "nl", guess: YearGuess = YearGuess.COMING) -> date:
    return parse_date(text, language, TODAY, guess)


def problem(text: str, language: str = "nl", guess: YearGuess = YearGuess.COMING) -> DateProblem:
    with pytest.raises(DateRejected) as caught:
        read(text, language, guess)
    return caught.value.problem


@pytest.mark.parametrize(
    "text",
    [
        "12-03-2027",
        "12/3/2027",
        "12.3.2027",
        "12 - 3 - 2027",
        "2027-03-12",
        "12/03/27",
        "12032027",
        "120327",
        " 12-3-2027 ",
        "12 maart 2027",
        "12 Maart 2027",
        "12 mrt 2027",
        "12 mrt. 2027",
        "12e maart 2027",
        "12 March 2027",
        "March 12, 2027",
        "12th of March 2027",
        "12 mar 2027",
        "12 maart 27",
        "12 maa 2027",
    ],
)
def test_common_forms_in_dutch_and_english(text: str) -> None:
    assert read(text) == MARCH_12


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ar", "12 مارس 2027"),
        ("ar", "١٢ مارس ٢٠٢٧"),
        ("ar", "١٢/٣/٢٠٢٧"),
        ("ar", "12 آذار 2027"),  # Levantine
        ("ar", "12 اذار 2027"),  # typed without the madda
        ("tr", "12 Mart 2027"),
        ("tr", "12 mart 2027"),
        ("pl", "12 marca 2027"),
        ("pl", "12 marzec 2027"),
        ("uk", "12 березня 2027"),
        ("uk", "12 бер. 2027"),
        ("en", "12 maart 2027"),  # Dutch is understood in every language
    ],
)
def test_month_names_of_the_chosen_language(language: str, text: str) -> None:
    assert read(text, language) == MARCH_12


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("tr", "3 Kasım 2026", date(2026, 11, 3)),
        ("tr", "3 kasim 2026", date(2026, 11, 3)),  # without the dotless i
        ("tr", "1 Şubat 2027", date(2027, 2, 1)),
        ("tr", "1 subat 2027", date(2027, 2, 1)),
        ("pl", "5 września 2026", date(2026, 9, 5)),
        ("pl", "5 wrzesnia 2026", date(2026, 9, 5)),
        ("ar", "5 تشرين الثاني 2026", date(2026, 11, 5)),  # not "tishreen al-awwal"
        ("ar", "5 تشرين الأول 2026", date(2026, 10, 5)),
        ("ar", "5 كانون الثاني 2027", date(2027, 1, 5)),
        ("ar", "5 يوليوز 2026", date(2026, 7, 5)),  # Moroccan
        ("nl", "5 sept 2026", date(2026, 9, 5)),
        ("nl", "5 febr 2027", date(2027, 2, 5)),
    ],
)
def test_accents_regional_names_and_short_forms(language: str, text: str, expected: date) -> None:
    assert read(text, language) == expected


def test_a_date_without_a_year_gets_the_sensible_one() -> None:
    assert read("12 maart") == MARCH_12  # a due date: the coming one
    assert read("12-3") == MARCH_12
    assert read("1 november") == date(2026, 11, 1)  # 3 weeks ago: a late baby
    assert read("1 oktober") == date(2027, 10, 1)  # over 4 weeks ago: next year's
    assert read("1 november", guess=YearGuess.PAST) == date(2026, 11, 1)
    assert read("12 maart", guess=YearGuess.PAST) == date(2026, 3, 12)
    assert read("23-11", guess=YearGuess.PAST) == TODAY


@pytest.mark.parametrize(
    "text",
    ["31-02-2027", "30 februari 2027", "29-02-2027", "12-13-2027", "32-1-2027", "0-1-2027"],
)
def test_dates_that_do_not_exist_are_impossible(text: str) -> None:
    assert problem(text) is DateProblem.IMPOSSIBLE


@pytest.mark.parametrize(
    "text",
    ["", "morgen", "soon", "12", "12 2027", "maart", "12 maart april 2027", "1-2-3-4", "12abc"],
)
def test_text_that_is_no_date_is_unreadable(text: str) -> None:
    assert problem(text) is DateProblem.UNREADABLE


def test_a_leap_day_exists_in_leap_years() -> None:
    assert read("29-02-2028") == date(2028, 2, 29)
    assert read("29 februari") == date(2028, 2, 29)


def test_due_date_window() -> None:
    check_due_date(TODAY, TODAY)
    check_due_date(date(2027, 9, 13), TODAY)  # exactly 42 weeks ahead
    check_due_date(date(2026, 10, 26), TODAY)  # exactly 4 weeks ago
    with pytest.raises(DateRejected) as ahead:
        check_due_date(date(2027, 9, 14), TODAY)
    assert ahead.value.problem is DateProblem.TOO_FAR_AHEAD
    with pytest.raises(DateRejected) as ago:
        check_due_date(date(2026, 10, 25), TODAY)
    assert ago.value.problem is DateProblem.TOO_LONG_AGO


def test_birth_date_window() -> None:
    check_birth_date(TODAY, TODAY)
    check_birth_date(date(2024, 11, 23), TODAY)  # exactly two years ago
    with pytest.raises(DateRejected) as future:
        check_birth_date(date(2026, 11, 24), TODAY)
    assert future.value.problem is DateProblem.IN_THE_FUTURE
    with pytest.raises(DateRejected) as old:
        check_birth_date(date(2024, 11, 22), TODAY)
    assert old.value.problem is DateProblem.TOO_LONG_AGO


def test_parse_and_check_together() -> None:
    assert parse_due_date("12 maart 2027", "nl", TODAY) == MARCH_12
    assert parse_birth_date("1 oktober 2026", "nl", TODAY) == date(2026, 10, 1)
    with pytest.raises(DateRejected):
        parse_due_date("12-03-2029", "nl", TODAY)
    with pytest.raises(DateRejected):
        parse_birth_date("12-03-2027", "nl", TODAY)
    reason = pytest.raises(DateRejected, parse_birth_date, "1-1-2020", "nl", TODAY)
    assert reason.value.reason == "too_long_ago"


def test_due_date_from_weeks_pregnant() -> None:
    assert due_date_from_weeks(40, TODAY) == TODAY
    assert due_date_from_weeks(10, TODAY) == date(2027, 6, 21)
    for weeks in (0, 43):
        with pytest.raises(DateRejected):
            due_date_from_weeks(weeks, TODAY)


def test_years_before_handles_leap_days() -> None:
    assert years_before(date(2028, 2, 29), 2) == date(2026, 2, 28)
    assert years_before(TODAY, 2) == date(2024, 11, 23)


def test_month_names_never_mean_two_months() -> None:
    for language in ("nl", "en", "ar", "tr", "pl", "uk"):
        names = month_names_for(language)
        assert len({name for name, _ in names}) == len(names)
        assert {month for _, month in names} == set(range(1, 13)), language
