"""A database like a province's after a year or two: many parents with their history.

Seeding goes straight through stdlib ``sqlite3`` with ``executemany`` on a database the
real migrations created: building 100,000 parents through the async repositories one by
one would make the benchmark mostly about seeding.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.crypto import TextCipher
from storage.db import Database
from storage.time import to_text

MUNICIPALITIES = {
    "groningen": ["beijum", "lewenborg", "selwerd", "paddepoel", "vinkhuizen", "de-hoogte"],
    "westerkwartier": ["zuidhorn", "leek", "grootegast", "marum"],
    "midden-groningen": ["hoogezand", "sappemeer", "slochteren"],
    "het-hogeland": ["winsum", "bedum", "uithuizen"],
    "oldambt": ["winschoten", "scheemda"],
}
LANGUAGES = ["nl"] * 6 + ["ar", "tr", "pl", "uk", "en"]
PHASES = ["pregnant"] * 5 + ["baby"] * 4 + ["wish"]
TIMES = ["morning", "afternoon", "evening"]
FIRST_TELEGRAM_ID = 10_000_000  # parents get FIRST_TELEGRAM_ID + 0, 1, 2, …


@dataclass(frozen=True)
class SeedReport:
    parents: int
    buddies: int
    rows: int
    seconds: float


def seed(
    path: Path,
    parents: int,
    cipher: TextCipher,
    now: datetime,
    languages: list[str] = LANGUAGES,
) -> SeedReport:
    asyncio.run(_migrate(path))
    seeding_began = time.perf_counter()
    random.seed(1000)
    rows = 0
    note = cipher.encrypt("Seed note: talked about sleep and money worries.")
    buddies = max(parents // 30, 1)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        people = []
        for index in range(parents + buddies):
            created = now - timedelta(days=random.randint(1, 600), minutes=random.randint(0, 1440))
            role = "parent" if index < parents else "buddy"
            people.append(
                (
                    index + 1,
                    10_000_000 + index,
                    role,
                    random.choice(languages),
                    f"Naam{index}",
                    1,
                    to_text(created),
                    to_text(created),
                )
            )
        db.executemany(
            "INSERT INTO people (id, telegram_id, role, language, first_name, active, created_at,"
            " last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            people,
        )
        rows += len(people)

        parent_rows, consent_rows = [], []
        homes = {}
        for person_id, _, role, _, _, _, created, _ in people:
            if role != "parent":
                continue
            municipality = random.choice(list(MUNICIPALITIES))
            hood = random.choice(MUNICIPALITIES[municipality])
            homes[person_id] = (municipality, hood)
            phase = random.choice(PHASES)
            created_at = datetime.strptime(created, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
            due = (now + timedelta(days=random.randint(10, 250))).date().isoformat()
            born = (now - timedelta(days=random.randint(10, 700))).date().isoformat()
            parent_rows.append(
                (
                    person_id,
                    phase,
                    due if phase == "pregnant" else None,
                    born if phase == "baby" else None,
                    created,
                    municipality,
                    hood,
                    random.choice(["weekly", "weekly", "biweekly", "off"]),
                    random.choice(TIMES),
                    created,
                )
            )
            for purpose in ("messages", "share_checkins", "monitoring"):
                consent_rows.append((person_id, purpose, 1, "2026-11-v1", created))
            del created_at
        db.executemany(
            "INSERT INTO parents (person_id, phase, due_date, birth_date, phase_started_at,"
            " municipality, neighbourhood, checkin_frequency, preferred_time, registered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            parent_rows,
        )
        db.executemany(
            "INSERT INTO consents (person_id, purpose, granted, text_version, recorded_at)"
            " VALUES (?, ?, ?, ?, ?)",
            consent_rows,
        )
        rows += len(parent_rows) + len(consent_rows)

        buddy_ids = list(range(parents + 1, parents + buddies + 1))
        db.executemany(
            "INSERT INTO buddies (person_id, display_name, municipality, registered_at)"
            " VALUES (?, ?, ?, ?)",
            [
                (b, f"Buddy{b}", random.choice(list(MUNICIPALITIES)), to_text(now))
                for b in buddy_ids
            ],
        )
        rows += len(buddy_ids)

        match_rows, contact_rows, thread_rows, message_rows = [], [], [], []
        checkin_rows, outbox_rows = [], []
        for parent_id in range(1, parents + 1):
            municipality = homes[parent_id][0]
            if random.random() < 0.6:
                buddy = random.choice(buddy_ids)
                started = now - timedelta(days=random.randint(1, 365))
                match_rows.append((parent_id, buddy, to_text(started)))
                for visit in range(5):
                    visited = min(started + timedelta(days=7 * visit), now)
                    day = visited.date().isoformat()
                    contact_rows.append(
                        (
                            buddy,
                            parent_id,
                            municipality,
                            day,
                            "home_visit",
                            60,
                            "baby_care,wellbeing",
                            4,
                            "none",
                            note,
                            to_text(visited),  # logged on the day of the visit
                            to_text(visited),
                        )
                    )
                thread_rows.append(
                    (parent_id, parent_id, buddy, municipality, "parent", to_text(started))
                )
                message_rows.append((parent_id, parent_id, "parent", note, to_text(started)))
            for week in range(1, 13):
                slot_day = (now - timedelta(weeks=week)).date().isoformat()
                moment = to_text(now - timedelta(weeks=week))
                checkin_rows.append(
                    (parent_id, "mood", f"{slot_day}T09:30", moment, moment, random.randint(1, 5))
                )
                outbox_rows.append((parent_id, "checkin", "{}", moment, "sent", 1, moment, moment))
        db.executemany(
            "INSERT INTO matches (parent_id, buddy_id, started_at) VALUES (?, ?, ?)", match_rows
        )
        db.executemany(
            "INSERT INTO contacts (buddy_id, parent_id, municipality, contact_date, kind,"
            " duration_minutes, topics, parent_mood, concern, note_text, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            contact_rows,
        )
        db.executemany(
            "INSERT INTO threads (id, parent_id, buddy_id, municipality, opened_by, opened_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            thread_rows,
        )
        db.executemany(
            "INSERT INTO thread_messages (thread_id, author_id, author_role, body_text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            message_rows,
        )
        db.executemany(
            "INSERT INTO checkins (parent_id, kind, slot, sent_at, answered_at, score)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            checkin_rows,
        )
        db.executemany(
            "INSERT INTO outbox (person_id, kind, payload, due_at, status, attempts, created_at,"
            " sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            outbox_rows,
        )
        rows += sum(
            map(
                len,
                (match_rows, contact_rows, thread_rows, message_rows, checkin_rows, outbox_rows),
            )
        )
        db.commit()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - seeding_began
    return SeedReport(parents=parents, buddies=buddies, rows=rows, seconds=seconds)


async def _migrate(path: Path) -> None:
    database = Database(path)
    await database.open()
    await database.close()
