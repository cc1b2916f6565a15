"""My data: what is stored, the export as a JSON document, and erasure that leaves
nothing personal behind in any table (including tables added by later migrations)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from cryptography.fernet import InvalidToken

from domain.alerts import AlertKind
from domain.contacts import Concern, ContactDetails, ContactKind, Topic
from domain.people import Person
from services.outbox import Outgoing
from storage.crypto import CipherKeyError
from storage.time import to_text
from tests.builders import add_buddy, add_parent, match
from tests.fake_telegram import SimUser
from tests.harness import BotHarness

TELEGRAM_ID = 7_654_321
FIRST_NAME = "Zoëlla"
QUESTION = "Mag ik paracetamol nemen tegen hoofdpijn?"
ANSWER = "Vraag het even aan je verloskundige, die weet het zeker."
CONTACT_NOTE = "Zoëlla maakt zich zorgen over de huur."
SURVEY_COMMENT = "Bram was echt een steun."
SECRETS = (FIRST_NAME, QUESTION, ANSWER, CONTACT_NOTE, SURVEY_COMMENT, "typed secret draft")


async def a_full_life(harness: BotHarness) -> tuple[SimUser, Person, SimUser]:
    """A parent with data in as many tables as the programme fills."""
    zoe = harness.fake.user(first_name=FIRST_NAME, language_code="nl", user_id=TELEGRAM_ID)
    parent = await add_parent(harness, zoe.id, first_name=FIRST_NAME)
    bram = harness.user("Bram", "nl")
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    match_id = await match(harness, parent=parent, buddy=buddy)
    services = harness.services
    result = await services.questions.ask(parent.id, QUESTION)
    await services.questions.reply(buddy.id, result.thread_id, ANSWER)
    await services.parents.ask_professional_contact(parent.id)
    await services.alerts.raise_alert(buddy.id, parent.id, AlertKind.WANTS_CONTACT)
    await services.contacts.log(
        buddy.id,
        parent.id,
        ContactDetails(
            day=services.parents.today(),
            kind=ContactKind.HOME_VISIT,
            duration_minutes=60,
            topics=(Topic.MONEY,),
            parent_mood=3,
            concern=Concern.NONE,
            note=CONTACT_NOTE,
        ),
    )
    now = harness.clock.now()
    async with services.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO checkins (parent_id, kind, slot, sent_at, answered_at, score)"
            " VALUES (?, 'mood', '2026-11-23T09:30', ?, ?, 4)",
            (parent.id, to_text(now), to_text(now)),
        )
        activity_id = await tx.execute(
            "INSERT INTO activities (municipality, title, starts_at, place, capacity,"
            " created_at, published_at) VALUES ('groningen', 'Babymassage', ?, 'Wijkcentrum',"
            " 8, ?, ?)",
            (to_text(now + timedelta(days=7)), to_text(now), to_text(now)),
        )
        await tx.execute(
            "INSERT INTO activity_signups (activity_id, parent_id, status, signed_up_at)"
            " VALUES (?, ?, 'signed_up', ?)",
            (activity_id, parent.id, to_text(now)),
        )
        await tx.execute(
            "INSERT INTO surveys (parent_id, match_id, municipality, kind, sent_at, answered_at,"
            " helpfulness, comment_text) VALUES (?, ?, 'groningen', 'six_weeks', ?, ?, 9, ?)",
            (
                parent.id,
                match_id,
                to_text(now),
                to_text(now),
                services.cipher.encrypt(SURVEY_COMMENT),
            ),
        )
        # A conversation state saved earlier (e.g. before a restart).
        await tx.execute(
            "INSERT INTO conversation_states (name, key, state) VALUES (?, ?, ?)",
            ("parent_phase_change", json.dumps([zoe.id, zoe.id]), json.dumps("birth_date")),
        )
    await services.outbox.enqueue(
        Outgoing(parent.id, "weekly_tip", {"week": 1}, due_at=now + timedelta(days=3)),
        Outgoing(buddy.id, "buddy_alert", {"parent_id": parent.id}, due_at=now + timedelta(days=3)),
    )
    await harness.deliver_due()
    # Something typed and not sent: it waits in the draft while she looks at her data.
    await zoe.send("typed secret draft")
    await harness.app.update_persistence()
    await zoe.tap("🏠 Menu")
    await zoe.tap("🔒 Mijn gegevens")
    return zoe, parent, bram


async def every_row(harness: BotHarness) -> dict[str, list[dict[str, Any]]]:
    async with harness.services.db.read() as tx:
        tables = [
            row["name"]
            for row in await tx.fetch_all(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {table: await tx.fetch_all(f'SELECT * FROM "{table}"') for table in tables}


async def person_columns(harness: BotHarness, tables: list[str]) -> set[tuple[str, str]]:
    """(table, column) of every foreign key to a person, in the whole schema."""
    columns = set()
    async with harness.services.db.read() as tx:
        for table in tables:
            for key in await tx.fetch_all(f'PRAGMA foreign_key_list("{table}")'):
                if key["table"] in ("people", "parents"):
                    columns.add((table, key["from"]))
    return columns


def readable(harness: BotHarness, value: Any) -> str:
    """Text as stored, or decrypted when it is encrypted free text."""
    if isinstance(value, bytes):
        try:
            return harness.services.cipher.decrypt(value)
        except (CipherKeyError, InvalidToken, ValueError):
            return value.decode("utf-8", "replace")
    return str(value)


async def test_my_data_shows_what_is_stored_and_exports_it(harness: BotHarness) -> None:
    zoe, parent, _ = await a_full_life(harness)
    shown = zoe.last.text
    assert "Naam: Zoëlla" in shown
    assert "Zwanger, uitgerekend op" in shown
    assert "Je buddy: Bram" in shown
    assert "2 berichten" in shown and "1 hulpvragen" in shown

    await zoe.tap("📄 Stuur mij al mijn gegevens als bestand")
    document = zoe.last.document
    assert document is not None and document.filename == "kansrijk-my-data.json"
    exported = json.loads(document.content.decode("utf-8"))
    assert exported["format"] == "kansrijk-export-1"
    assert exported["person"][0]["first_name"] == FIRST_NAME
    assert exported["parent"][0]["neighbourhood_name"] == "Beijum"
    assert [m["text"] for m in exported["messages"]] == [QUESTION, ANSWER]
    assert {c["purpose"] for c in exported["consents"]} == {
        "messages",
        "share_checkins",
        "monitoring",
    }
    assert exported["buddies"][0]["buddy"] == "Bram"
    assert exported["checkins"][0]["score"] == 4
    assert exported["activities"][0]["title"] == "Babymassage"
    assert exported["surveys"][0]["comment"] == SURVEY_COMMENT
    assert exported["contacts_with_buddy"][0]["topics"] == "money"
    assert CONTACT_NOTE not in document.content.decode("utf-8")  # the buddy's own notes
    assert exported["help_requests"][0]["kind"] == "urgent_help"

    await zoe.tap("Buddy mag mijn antwoorden niet zien")  # on the screen above the file
    screen = next(m.text for m in zoe.messages if "Wat ik van je weet" in m.text)
    assert "Je buddy mag je antwoorden op 'Hoe gaat het?' zien: nee" in screen
    async with harness.services.db.read() as tx:
        actions = [
            row["action"]
            for row in await tx.fetch_all(
                "SELECT action FROM audit_log WHERE subject_id = ?", (parent.id,)
            )
        ]
    assert "data_exported" in actions and "consent_share_checkins_withdrawn" in actions


async def test_erasure_leaves_nothing_personal_in_any_table(harness: BotHarness) -> None:
    zoe, parent, bram = await a_full_life(harness)
    async with harness.services.db.read() as tx:
        assert await tx.fetch_value("SELECT COUNT(*) FROM user_drafts") == 1
    await zoe.tap("🗑 Wis al mijn gegevens")
    assert "Dit kun je niet terugdraaien" in zoe.last.text
    await zoe.tap("Verder")
    assert "Weet je het echt zeker?" in zoe.last.text
    await zoe.tap("Ja, wis alles")
    assert "Je gegevens zijn gewist" in zoe.last.text
    await harness.app.update_persistence()

    rows = await every_row(harness)
    references = await person_columns(harness, list(rows))
    assert ("threads", "parent_id") in references and ("consents", "person_id") in references
    people_ids = {row["id"] for row in rows["people"]}
    assert parent.id not in people_ids
    problems = []
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                where = f"{table}.{column}"
                if (table, column) in references and value == parent.id:
                    problems.append(f"{where} still points at the parent")
                if value == TELEGRAM_ID or str(TELEGRAM_ID) in readable(harness, value):
                    problems.append(f"{where} holds the Telegram id")
                text = readable(harness, value)
                problems += [f"{where} holds {secret!r}" for secret in SECRETS if secret in text]
                if f'"parent_id": {parent.id}' in text:
                    problems.append(f"{where} names the parent in its JSON")
    assert not problems, "\n".join(problems)

    # Audit entries may keep the number, which points at nobody now.
    async with harness.services.db.read() as tx:
        erased = await tx.fetch_all(
            "SELECT * FROM audit_log WHERE action = 'parent_erased' AND subject_id = ?",
            (parent.id,),
        )
        counted = await tx.fetch_value(
            "SELECT count FROM anonymous_counts WHERE municipality = 'groningen'"
            " AND metric = 'parents_erased'"
        )
    assert len(erased) == 1 and counted == 1
    # What stays is anonymous: the buddy's log of the visit, without the parent or note.
    contacts = rows["contacts"]
    assert [(c["parent_id"], c["note_text"], c["duration_minutes"]) for c in contacts] == [
        (None, None, 60)
    ]

    await zoe.send("/start")
    assert "Welkom bij Kansrijk" in zoe.last.text
    assert "Nieuwe vraag" in bram.texts()[0]  # what was sent before stays in his chat


async def test_deleting_needs_two_confirmations(harness: BotHarness) -> None:
    zoe = harness.user("Zoe", "nl")
    await add_parent(harness, zoe.id, first_name="Zoe")
    await zoe.send("/start")
    await zoe.tap("🔒 Mijn gegevens")
    await zoe.tap("🗑 Wis al mijn gegevens")
    await zoe.tap("Nee, bewaar mijn gegevens")
    assert "Wat ik van je weet" in zoe.last.text
    await zoe.tap("🗑 Wis al mijn gegevens")
    await zoe.tap("Verder")
    await zoe.tap("Nee, bewaar mijn gegevens")
    assert await harness.services.people.identify(zoe.id) is not None
