"""Monitoring reports: pure computations on anonymous facts, with small-group suppression.

Nothing here knows names. Every number that describes fewer than five people is shown as
"< 5" (:func:`shown_count`); averages and rates are only given when at least five people
contribute. In a breakdown where exactly one group is hidden, the next smallest group is
shown as "hidden" too, so the total cannot give the small one away (:func:`suppress`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import mean, median
from zoneinfo import ZoneInfo

SMALL_GROUP = 5
SUPPRESSED = "< 5"
# A larger group hidden only so that the total does not give a small one away.
COMPLEMENT = "hidden"
ALL = "all"
MONTHS_SHOWN = 12
NO_SOURCE = "none"
PHASES = ("wish", "pregnant", "baby", "ended")

# CSV columns, documented in docs/reports.md.
CSV_COLUMNS = ("scope", "section", "metric", "group", "period", "value")


def shown_count(count: int) -> str:
    """A head count as shown in a report: 1 to 4 become "< 5"."""
    return SUPPRESSED if 0 < count < SMALL_GROUP else str(count)


def suppress(counts: Mapping[str, int]) -> dict[str, str]:
    """A breakdown as shown: small groups as "< 5", plus the next smallest as "hidden"
    when only one group is small."""
    shown = {group: shown_count(count) for group, count in counts.items()}
    hidden = [group for group, value in shown.items() if value == SUPPRESSED]
    if len(hidden) == 1:
        others = [(count, group) for group, count in counts.items() if count > 0]
        others = [(count, group) for count, group in others if group not in hidden]
        if others:
            shown[min(others)[1]] = COMPLEMENT
    return shown


def shown_average(values: list[float], people: int, digits: int = 1) -> str:
    """An average, only when at least five people contribute."""
    if people < SMALL_GROUP or not values:
        return SUPPRESSED if values else "-"
    return f"{mean(values):.{digits}f}"


def shown_rate(part: int, whole: int, people: int) -> str:
    """A percentage, only when at least five people contribute."""
    if whole == 0:
        return "-"
    if people < SMALL_GROUP:
        return SUPPRESSED
    return str(round(100 * part / whole))


@dataclass(frozen=True, slots=True)
class ParentFact:
    parent_id: int
    municipality: str
    phase: str
    source: str  # referral source kind, or "none"
    registered_at: datetime
    monitoring: bool  # consented to anonymous use in monitoring
    waiting_since: datetime | None  # set while waiting for a buddy


@dataclass(frozen=True, slots=True)
class MatchFact:
    parent_id: int
    started_at: datetime
    ended_at: datetime | None
    waited_days: int | None  # a family's first match: days from registration to it


@dataclass(frozen=True, slots=True)
class ContactFact:
    parent_id: int | None
    contact_date: date


@dataclass(frozen=True, slots=True)
class CheckinFact:
    parent_id: int
    kind: str  # mood | stress
    sent_at: datetime
    answered: bool
    score: int | None


@dataclass(frozen=True, slots=True)
class SignupFact:
    parent_id: int
    starts_at: datetime
    attended: bool | None


@dataclass(frozen=True, slots=True)
class SurveyFact:
    parent_id: int | None
    kind: str
    helpfulness: int | None


@dataclass(frozen=True, slots=True)
class ReportData:
    scope: str  # a municipality slug, or "province"
    now: datetime
    timezone: ZoneInfo
    parents: list[ParentFact] = field(default_factory=list)
    matches: list[MatchFact] = field(default_factory=list)
    contacts: list[ContactFact] = field(default_factory=list)
    checkins: list[CheckinFact] = field(default_factory=list)
    signups: list[SignupFact] = field(default_factory=list)
    surveys: list[SurveyFact] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReportRow:
    section: str
    metric: str
    group: str
    period: str
    value: str


@dataclass(frozen=True, slots=True)
class KeyNumbers:
    parents: str
    waiting: str
    matched: str
    median_days_to_match: str
    checkin_response_rate: str
    mood_average: str
    activity_signups: str
    activity_attended: str
    survey_average: str


@dataclass(frozen=True, slots=True)
class Report:
    scope: str
    months: tuple[str, ...]
    rows: tuple[ReportRow, ...]
    key: KeyNumbers

    def series(self, metric: str, group: str = ALL) -> list[str]:
        """The monthly values of ``metric`` in month order (``-`` where there is none)."""
        by_period = {
            row.period: row.value
            for row in self.rows
            if row.metric == metric and row.group == group
        }
        return [by_period.get(month, "-") for month in self.months]

    def breakdown(self, metric: str) -> dict[str, str]:
        return {row.group: row.value for row in self.rows if row.metric == metric}


def month_of(moment: datetime | date, timezone: ZoneInfo) -> str:
    if isinstance(moment, datetime):
        moment = moment.astimezone(timezone).date()
    return f"{moment.year:04d}-{moment.month:02d}"


def recent_months(now: datetime, timezone: ZoneInfo, count: int = MONTHS_SHOWN) -> list[str]:
    local = now.astimezone(timezone)
    year, month = local.year, local.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def build_report(data: ReportData) -> Report:
    tz = data.timezone
    months = recent_months(data.now, tz)
    rows: list[ReportRow] = []

    def add(section: str, metric: str, values: Mapping[str, str], period: str = ALL) -> None:
        rows.extend(
            ReportRow(section, metric, group, period, value) for group, value in values.items()
        )

    def add_monthly(section: str, metric: str, values: Mapping[str, str]) -> None:
        rows.extend(
            ReportRow(section, metric, ALL, month, values.get(month, "0")) for month in months
        )

    # --- reach ---
    parents = data.parents
    total = len(parents)
    add("reach", "parents", {ALL: shown_count(total)})
    by_phase = Counter(p.phase for p in parents)
    add("reach", "parents_by_phase", suppress({phase: by_phase.get(phase, 0) for phase in PHASES}))
    add("reach", "parents_by_municipality", suppress(Counter(p.municipality for p in parents)))
    add("reach", "parents_by_source", suppress(Counter(p.source for p in parents)))
    new_per_month = Counter(month_of(p.registered_at, tz) for p in parents)
    add_monthly("reach", "new_parents", {m: shown_count(new_per_month.get(m, 0)) for m in months})

    # --- matching ---
    waiting = [p for p in parents if p.waiting_since is not None]
    active_matches = [m for m in data.matches if m.ended_at is None]
    add("matching", "waiting_now", {ALL: shown_count(len(waiting))})
    add("matching", "matched_now", {ALL: shown_count(len(active_matches))})
    waited = [m.waited_days for m in data.matches if m.waited_days is not None]
    median_to_match = (
        f"{median(waited):g}" if len(waited) >= SMALL_GROUP else (SUPPRESSED if waited else "-")
    )
    add("matching", "median_days_to_match", {ALL: median_to_match})
    waiting_days = [(data.now - p.waiting_since).days for p in waiting if p.waiting_since]
    add(
        "matching",
        "median_days_waiting_now",
        {
            ALL: f"{median(waiting_days):g}"
            if len(waiting_days) >= SMALL_GROUP
            else (SUPPRESSED if waiting_days else "-")
        },
    )

    # --- contacts per family per month ---
    contacts_per_month = Counter(month_of(c.contact_date, tz) for c in data.contacts)
    contacts_values = {}
    for month in months:
        families = _families_with_buddy(data.matches, month, tz)
        contacts = contacts_per_month.get(month, 0)
        if families == 0:
            contacts_values[month] = "-"
        elif families < SMALL_GROUP:
            contacts_values[month] = SUPPRESSED
        else:
            contacts_values[month] = f"{contacts / families:.1f}"
    add_monthly("contacts", "contacts_per_family", contacts_values)

    # --- check-ins and surveys: only parents who consented to monitoring ---
    monitored = {p.parent_id for p in parents if p.monitoring}
    moods = [c for c in data.checkins if c.parent_id in monitored and c.kind == "mood"]
    rate_values, mood_values = {}, {}
    for month in months:
        sent = [c for c in moods if month_of(c.sent_at, tz) == month]
        answered = [c for c in sent if c.answered]
        rate_values[month] = shown_rate(len(answered), len(sent), len({c.parent_id for c in sent}))
        scores = [c.score for c in answered if c.score is not None]
        mood_values[month] = shown_average(
            [float(s) for s in scores], len({c.parent_id for c in answered})
        )
    add_monthly("checkins", "checkin_response_rate_percent", rate_values)
    add_monthly("checkins", "mood_average", mood_values)
    answered_all = [c for c in moods if c.answered]
    scores_all = [float(c.score) for c in answered_all if c.score is not None]

    surveys = [s for s in data.surveys if s.parent_id in monitored and s.helpfulness is not None]
    by_kind: dict[str, list[SurveyFact]] = defaultdict(list)
    for survey in surveys:
        by_kind[survey.kind].append(survey)
    add(
        "surveys",
        "survey_responses",
        suppress({kind: len(items) for kind, items in sorted(by_kind.items())}),
    )
    add(
        "surveys",
        "survey_helpfulness_average",
        {
            kind: shown_average(
                [float(s.helpfulness or 0) for s in items], len({s.parent_id for s in items})
            )
            for kind, items in sorted(by_kind.items())
        },
    )

    # --- activities (past ones) ---
    past = [s for s in data.signups if s.starts_at <= data.now]
    signups_per_month = Counter(month_of(s.starts_at, tz) for s in past)
    attended_per_month = Counter(month_of(s.starts_at, tz) for s in past if s.attended)
    add_monthly(
        "activities",
        "activity_signups",
        {m: shown_count(signups_per_month.get(m, 0)) for m in months},
    )
    add_monthly(
        "activities",
        "activity_attended",
        {m: shown_count(attended_per_month.get(m, 0)) for m in months},
    )
    attended_total = sum(1 for s in past if s.attended)

    key = KeyNumbers(
        parents=shown_count(total),
        waiting=shown_count(len(waiting)),
        matched=shown_count(len(active_matches)),
        median_days_to_match=median_to_match,
        checkin_response_rate=shown_rate(
            len(answered_all), len(moods), len({c.parent_id for c in moods})
        ),
        mood_average=shown_average(scores_all, len({c.parent_id for c in answered_all})),
        activity_signups=shown_count(len(past)),
        activity_attended=shown_count(attended_total),
        survey_average=shown_average(
            [float(s.helpfulness or 0) for s in surveys], len({s.parent_id for s in surveys})
        ),
    )
    return Report(scope=data.scope, months=tuple(months), rows=tuple(rows), key=key)


def _families_with_buddy(matches: Iterable[MatchFact], month: str, timezone: ZoneInfo) -> int:
    """Families who had a buddy at some time during ``month``."""
    families = set()
    for match in matches:
        start = month_of(match.started_at, timezone)
        end = month_of(match.ended_at, timezone) if match.ended_at else "9999-12"
        if start <= month <= end:
            families.add(match.parent_id)
    return len(families)


def csv_rows(report: Report) -> list[tuple[str, ...]]:
    return [
        (report.scope, row.section, row.metric, row.group, row.period, row.value)
        for row in report.rows
    ]
