"""How time is stored: UTC instants as ISO-8601 text (sortable), days as YYYY-MM-DD."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now_text() -> str:
    return to_text(datetime.now(UTC))


def to_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_text(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def optional_from_text(text: str | None) -> datetime | None:
    return from_text(text) if text is not None else None


def day_to_text(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def day_from_text(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None
