"""The coordinators' pure rules: ranking suggested buddies, small-group suppression and
the monitoring report, reading an activity's date and time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.activities import parse_capacity, parse_local_datetime
from domain.errors import InvalidInput
from domain.matching import BuddyCandidate, rank_buddies
from domain.reports import (
    COMPLEMENT,
    SUPPRESSED,
    CheckinFact,
    MatchFact,
    ParentFact,
    ReportData,
    SignupFact,
    SurveyFact,
    build_report,
    csv_rows,
    recent_months,
    shown_count,
    suppress,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def buddy(buddy_id: int, languages: str, hoods: str, caseload: int) -> BuddyCandidate:
    return BuddyCandidate(
        buddy_id=buddy_id,
        display_name=f"B{buddy_id}",
        languages=frozenset(languages.split()),
        neighbourhoods=frozenset(hoods.split()),
        caseload=caseload,
    )


def test_ranking_language_then_neighbourhood_then_caseload() -> None:
    ranked = rank_buddies(
        language="ar",
        neighbourhood="beijum",
        candidates=[
            buddy(1, "nl", "beijum", 0),  # nearby, but no shared language
            buddy(2, "nl ar", "lewenborg", 3),  # shared language, elsewhere, busy
            buddy(3, "ar", "beijum", 2),  # shared language and nearby
            buddy(4, "ar", "selwerd", 1),  # shared language, elsewhere, less busy
            buddy(5, "ar", "beijum", 2),  # a tie with 3: the lower id first
        ],
    )
    assert [s.candidate.buddy_id for s in ranked] == [3, 5, 4, 2, 1]
    assert ranked[0].shares_language and ranked[0].same_neighbourhood
    assert not ranked[-1].shares_language and ranked[-1].same_neighbourhood


def test_ranking_without_neighbourhood_or_candidates() -> None:
    assert rank_buddies(language="nl", neighbourhood=None, candidates=[]) == []
    ranked = rank_buddies(
        language="nl",
        neighbourhood=None,
        candidates=[buddy(1, "nl", "x", 4), buddy(2, "nl", "y", 1)],
    )
    assert [s.candidate.buddy_id for s in ranked] == [2, 1]
    assert not any(s.same_neighbourhood for s in ranked)


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, SUPPRESSED), (3, SUPPRESSED), (4, SUPPRESSED), (5, "5"), (120, "120")],
)
def test_small_groups_show_as_less_than_five(count: int, shown: str) -> None:
    assert shown_count(count) == shown


def test_one_hidden_group_hides_the_next_smallest_too() -> None:
    assert suppress({"a": 3, "b": 10, "c": 7, "d": 0}) == {
        "a": SUPPRESSED,
        "b": "10",
        "c": COMPLEMENT,
        "d": "0",
    }
    # Two small groups already keep each other hidden.
    assert suppress({"a": 3, "b": 2, "c": 7}) == {"a": SUPPRESSED, "b": SUPPRESSED, "c": "7"}
    assert suppress({"a": 6, "b": 7}) == {"a": "6", "b": "7"}


def parent(
    parent_id: int, *, monitoring: bool = True, phase: str = "pregnant", days_ago: int = 0
) -> ParentFact:
    return ParentFact(
        parent_id=parent_id,
        municipality="groningen",
        phase=phase,
        source="midwife" if parent_id % 2 else "none",
        registered_at=NOW - timedelta(days=days_ago),
        monitoring=monitoring,
        waiting_since=None,
    )


def test_report_counts_only_consenting_parents_for_mood_and_surveys() -> None:
    parents = [parent(i) for i in range(1, 7)] + [parent(i, monitoring=False) for i in range(7, 10)]
    checkins = [
        CheckinFact(i, "mood", NOW - timedelta(days=1), answered=True, score=4) for i in range(1, 6)
    ]
    checkins.append(CheckinFact(6, "mood", NOW - timedelta(days=1), answered=False, score=None))
    # Parents without monitoring consent answered with 1: they must not count.
    checkins += [CheckinFact(i, "mood", NOW - timedelta(days=1), True, 1) for i in range(7, 10)]
    surveys = [SurveyFact(i, "six_weeks", 8) for i in range(1, 6)] + [SurveyFact(8, "six_weeks", 1)]
    report = build_report(
        ReportData("groningen", NOW, AMSTERDAM, parents=parents, checkins=checkins, surveys=surveys)
    )
    assert report.key.parents == "9"
    assert report.key.mood_average == "4.0"
    assert report.key.checkin_response_rate == "83"  # 5 of 6
    assert report.key.survey_average == "8.0"
    assert report.series("mood_average")[-1] == "4.0"
    assert report.breakdown("survey_responses") == {"six_weeks": "5"}


def test_report_hides_averages_of_fewer_than_five_people() -> None:
    parents = [parent(i) for i in range(1, 4)]
    checkins = [CheckinFact(i, "mood", NOW, True, 5) for i in range(1, 4)]
    report = build_report(
        ReportData("groningen", NOW, AMSTERDAM, parents=parents, checkins=checkins)
    )
    assert report.key.parents == SUPPRESSED
    assert report.key.mood_average == SUPPRESSED
    assert report.key.checkin_response_rate == SUPPRESSED
    assert report.key.survey_average == "-"


def test_report_matching_contacts_and_activities() -> None:
    parents = [parent(i, days_ago=40) for i in range(1, 8)]
    matches = [MatchFact(i, NOW - timedelta(days=40 - i), None, waited_days=i) for i in range(1, 7)]
    signups = [SignupFact(i, NOW - timedelta(days=2), attended=i <= 4) for i in range(1, 7)]
    signups.append(SignupFact(7, NOW + timedelta(days=2), attended=None))  # still to come
    report = build_report(
        ReportData("groningen", NOW, AMSTERDAM, parents=parents, matches=matches, signups=signups)
    )
    assert report.key.matched == "6"
    assert report.key.median_days_to_match == "3.5"
    assert report.key.activity_signups == "6"
    assert report.key.activity_attended == SUPPRESSED  # 4 people came
    assert report.series("activity_signups")[-1] == "6"


def test_csv_rows_have_the_scope_and_every_month() -> None:
    report = build_report(ReportData("eemsdelta", NOW, AMSTERDAM, parents=[parent(1)]))
    rows = csv_rows(report)
    assert {row[0] for row in rows} == {"eemsdelta"}
    months = recent_months(NOW, AMSTERDAM)
    assert months[0] == "2025-12" and months[-1] == "2026-11" and len(months) == 12
    assert [row[4] for row in rows if row[2] == "new_parents"] == months
    assert ("reach", "new_parents", "all", "2026-11", SUPPRESSED) in [r[1:] for r in rows]


def test_a_month_is_counted_in_local_time() -> None:
    # 31 December 23:30 UTC is already 1 January in Amsterdam.
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    parents = [
        ParentFact(i, "groningen", "baby", "none", new_year, True, None) for i in range(1, 6)
    ]
    later = datetime(2027, 1, 5, tzinfo=UTC)
    report = build_report(ReportData("groningen", later, AMSTERDAM, parents=parents))
    assert report.series("new_parents")[-1] == "5"


def test_activity_date_and_time() -> None:
    moment = parse_local_datetime("12-12-2026 10:00", "nl", AMSTERDAM, NOW)
    assert moment == datetime(2026, 12, 12, 10, 0, tzinfo=AMSTERDAM)
    assert parse_local_datetime("12 december 14.30", "nl", AMSTERDAM, NOW).hour == 14
    assert parse_local_datetime("3 maart om 9:15 uur", "nl", AMSTERDAM, NOW).year == 2027
    for text, reason in [
        ("12-12-2026", "time_missing"),
        ("12-12-2026 25:00", "time_missing"),
        ("01-01-2020 10:00", "date_past"),
        ("31-02-2027 10:00", "impossible"),
        ("next week 10:00", "unreadable"),
    ]:
        with pytest.raises(InvalidInput) as raised:
            parse_local_datetime(text, "nl", AMSTERDAM, NOW)
        assert raised.value.reason == reason, text


def test_capacity() -> None:
    assert parse_capacity(" 12 ") == 12
    for text in ("0", "-3", "many", "501", "1.5"):
        with pytest.raises(InvalidInput):
            parse_capacity(text)
