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
    # What to_text writes (``2026-11-23T09:30:00.000000Z``) parses fast with
    # fromisoformat (strptime is ~30x slower; planners read 100,000s of these); anything
    # else goes through the strict strptime, which rejects what to_text never writes.
    if len(text) == 27 and text[10] == "T" and text[19] == "." and text[26] == "Z":
        return datetime.fromisoformat(text)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def optional_from_text(text: str | None) -> datetime | None:
    return from_text(text) if text is not None else None


def day_to_text(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def day_from_text(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None
