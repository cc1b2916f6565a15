"""Monitoring reports for a municipality or the whole province: key numbers, a PNG
chart and a CSV file, built from anonymous facts (see domain.reports and
docs/reports.md)."""

from __future__ import annotations

import asyncio
import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from domain.clock import Clock
from domain.errors import InvalidInput
from domain.reports import (
    COMPLEMENT,
    CSV_COLUMNS,
    Report,
    ReportData,
    build_report,
    csv_rows,
)
from domain.settings import Settings
from services.coordinators import ensure_covers, load_coordinator
from storage.db import Database
from storage.repositories.audit import AuditRepository
from storage.repositories.reports import ReportRepository

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PROVINCE = "province"


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The chart's texts, already translated by the caller."""

    title: str
    new_parents: str
    by_phase: str
    phases: dict[str, str]
    mood: str
    response_rate: str
    hidden: str  # the word for a group hidden so the total does not give a small one away


@dataclass(frozen=True, slots=True)
class ReportFiles:
    report: Report
    chart_png: bytes
    csv_bytes: bytes


class ReportService:
    def __init__(self, db: Database, clock: Clock, settings: Settings, timezone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._settings = settings
        self._timezone = timezone

    async def build(
        self, coordinator_id: int, municipality: str | None, labels: ChartLabels
    ) -> ReportFiles:
        """The report of one municipality in scope, or of the province (None; only for
        province-wide coordinators)."""
        if municipality is not None and self._settings.municipality(municipality) is None:
            raise InvalidInput("municipality")
        now = self._clock.now()
        async with self._db.transaction() as tx:
            ensure_covers(await load_coordinator(tx, coordinator_id), municipality)
            facts = ReportRepository(tx)
            data = ReportData(
                scope=municipality or PROVINCE,
                now=now,
                timezone=self._timezone,
                parents=await facts.parents(municipality),
                matches=await facts.matches(municipality),
                contacts=await facts.contacts(municipality),
                checkins=await facts.checkins(municipality),
                signups=await facts.signups(municipality),
                surveys=await facts.surveys(municipality),
            )
            await AuditRepository(tx).record(
                actor_id=coordinator_id,
                action="report_made",
                subject_id=None,
                now=now,
                detail=municipality or PROVINCE,
                municipality=municipality,
            )
        report = build_report(data)
        # matplotlib is slow to import and to draw: keep the event loop free meanwhile.
        chart = await asyncio.to_thread(render_chart, report, labels)
        return ReportFiles(report=report, chart_png=chart, csv_bytes=render_csv(report))


def render_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(report))
    # utf-8-sig: spreadsheet programs then read the "<" and any accents correctly.
    return buffer.getvalue().encode("utf-8-sig")


def render_chart(report: Report, labels: ChartLabels) -> bytes:
    """Four panels: new parents per month, parents by phase, mood and check-in response
    per month. Hidden values ("< 5", "hidden") get no bar, only their label."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 7.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    figure.suptitle(labels.title, fontsize=14)
    panels = figure.subplots(2, 2)
    months = [month[2:] for month in report.months]  # "26-11": short enough to read

    _bars(panels[0][0], months, report.series("new_parents"), labels.new_parents, labels.hidden)
    phases = report.breakdown("parents_by_phase")
    _bars(
        panels[0][1],
        [labels.phases.get(phase, phase) for phase in phases],
        list(phases.values()),
        labels.by_phase,
        labels.hidden,
    )
    _line(panels[1][0], months, report.series("mood_average"), labels.mood, (1, 5))
    _line(
        panels[1][1],
        months,
        report.series("checkin_response_rate_percent"),
        labels.response_rate,
        (0, 100),
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _bars(axes: Axes, names: list[str], values: list[str], title: str, hidden: str) -> None:
    heights = [_number(value) or 0.0 for value in values]
    bars = axes.bar(range(len(names)), heights, color="#2a7ab0")
    axes.set_title(title)
    axes.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    for bar, value in zip(bars, values, strict=True):
        label = hidden if value == COMPLEMENT else value
        axes.annotate(
            label,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=7,
        )
    # Room above the tallest bar for its label; a sensible scale when all are hidden.
    axes.set_ylim(0, max([5.0, *heights]) * 1.15)


def _line(
    axes: Axes, names: list[str], values: list[str], title: str, limits: tuple[int, int]
) -> None:
    points = [(i, _number(value)) for i, value in enumerate(values)]
    shown = [(i, y) for i, y in points if y is not None]
    if shown:
        axes.plot([i for i, _ in shown], [y for _, y in shown], marker="o", color="#d0743c")
    axes.set_title(title)
    axes.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    axes.set_xlim(-0.5, len(names) - 0.5)
    axes.set_ylim(*limits)
