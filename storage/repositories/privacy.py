"""A person's own data: everything about one parent for an export, and erasing it.

Erasure is driven by the schema, so tables added by later migrations are covered too:
every foreign key to ``people`` or ``parents`` is found with ``PRAGMA foreign_key_list``.
Rows that cascade disappear with the person. Rows that outlive them (SET NULL) lose the
link and every free-text (``*_text``) column, or are deleted when a column cannot be
emptied. References without a foreign key (drafts, conversation states, outbox payloads
naming the parent) are removed explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.crypto import TextCipher
from storage.db import Transaction

PERSON_TABLES = ("people", "parents")
FREE_TEXT_SUFFIX = "_text"


@dataclass(frozen=True, slots=True)
class PersonReference:
    """A column of ``table`` that points at a person (a foreign key)."""

    table: str
    column: str
    cascades: bool
    nullable: bool
    free_text_columns: tuple[str, ...]
    free_text_required: bool


class PrivacyRepository:
    def __init__(self, tx: Transaction, cipher: TextCipher) -> None:
        self._tx = tx
        self._cipher = cipher

    # ------------------------------------------------------------ export

    async def rows(
        self, sql: str, params: tuple[Any, ...], encrypted: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """Rows as plain JSON-able values; ``encrypted`` columns decrypted."""
        result = []
        for row in await self._tx.fetch_all(sql, params):
            for column in encrypted:
                row[column] = self._cipher.decrypt_optional(row[column])
            result.append(row)
        return result

    async def export_sections(self, person_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every table's rows about this parent, section by section."""
        one = (person_id,)
        return {
            "person": await self.rows(
                "SELECT telegram_id, language, first_name, created_at, last_seen_at"
                " FROM people WHERE id = ?",
                one,
            ),
            "parent": await self.rows(
                "SELECT pa.phase, pa.due_date, pa.birth_date, pa.phase_started_at,"
                " pa.municipality, pa.neighbourhood, r.name AS referred_by,"
                " r.source_kind AS referral_source, pa.checkin_frequency, pa.preferred_time,"
                " pa.paused_until, pa.registered_at, pa.stopped_at, pa.stop_reason"
                " FROM parents pa LEFT JOIN referral_links r ON r.id = pa.referral_link_id"
                " WHERE pa.person_id = ?",
                one,
            ),
            "consents": await self.rows(
                "SELECT purpose, granted, text_version, recorded_at FROM consents"
                " WHERE person_id = ? ORDER BY id",
                one,
            ),
            "buddies": await self.rows(
                "SELECT b.display_name AS buddy, m.started_at, m.ended_at, m.end_reason"
                " FROM matches m JOIN buddies b ON b.person_id = m.buddy_id"
                " WHERE m.parent_id = ? ORDER BY m.id",
                one,
            ),
            "messages": await self.rows(
                "SELECT t.id AS thread, m.author_role AS written_by, m.body_text AS text,"
                " m.created_at FROM thread_messages m JOIN threads t ON t.id = m.thread_id"
                " WHERE t.parent_id = ? ORDER BY t.id, m.id",
                one,
                encrypted=("text",),
            ),
            "checkins": await self.rows(
                "SELECT kind, slot, sent_at, answered_at, score, wants_contact FROM checkins"
                " WHERE parent_id = ? ORDER BY id",
                one,
            ),
            "activities": await self.rows(
                "SELECT a.title, a.starts_at, a.place, s.status, s.signed_up_at, s.attended"
                " FROM activity_signups s JOIN activities a ON a.id = s.activity_id"
                " WHERE s.parent_id = ? ORDER BY a.starts_at",
                one,
            ),
            "surveys": await self.rows(
                "SELECT kind, sent_at, answered_at, helpfulness, helped_most,"
                " comment_text AS comment FROM surveys WHERE parent_id = ? ORDER BY id",
                one,
                encrypted=("comment",),
            ),
            # The buddy's log of meetings: when and about what. Their private working
            # notes are not part of the family's export.
            "contacts_with_buddy": await self.rows(
                "SELECT contact_date, kind, duration_minutes, topics FROM contacts"
                " WHERE parent_id = ? ORDER BY contact_date",
                one,
            ),
            "help_requests": await self.rows(
                "SELECT kind, urgent, created_at, claimed_at, resolved_at FROM signals"
                " WHERE parent_id = ? ORDER BY id",
                one,
            ),
        }

    # ------------------------------------------------------------ erasure

    async def person_references(self) -> list[PersonReference]:
        """Every foreign-key column in the schema that points at a person."""
        references = []
        tables = await self._tx.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        for table in (row["name"] for row in tables):
            columns = await self._tx.fetch_all(f'PRAGMA table_info("{table}")')
            not_null = {c["name"]: bool(c["notnull"]) for c in columns}
            free_text = tuple(c["name"] for c in columns if c["name"].endswith(FREE_TEXT_SUFFIX))
            for key in await self._tx.fetch_all(f'PRAGMA foreign_key_list("{table}")'):
                if key["table"] not in PERSON_TABLES:
                    continue
                references.append(
                    PersonReference(
                        table=table,
                        column=key["from"],
                        cascades=key["on_delete"].upper() == "CASCADE",
                        nullable=not not_null[key["from"]],
                        free_text_columns=free_text,
                        free_text_required=any(not_null[c] for c in free_text),
                    )
                )
        return references

    async def detach(self, reference: PersonReference, person_id: int) -> None:
        """Make rows that would outlive the person anonymous, or delete them."""
        table, column = reference.table, reference.column
        if not reference.nullable or reference.free_text_required:
            await self._tx.execute(f'DELETE FROM "{table}" WHERE "{column}" = ?', (person_id,))
            return
        cleared = ", ".join(f'"{c}" = NULL' for c in (column, *reference.free_text_columns))
        await self._tx.execute(f'UPDATE "{table}" SET {cleared} WHERE "{column}" = ?', (person_id,))

    async def forget_conversations(self, telegram_id: int) -> None:
        """The draft and conversation states kept for the Telegram user."""
        await self._tx.execute("DELETE FROM user_drafts WHERE user_id = ?", (telegram_id,))
        await self._tx.execute(
            "DELETE FROM conversation_states WHERE EXISTS"
            " (SELECT 1 FROM json_each(conversation_states.key) WHERE value = ?)",
            (telegram_id,),
        )

    async def forget_outbox_mentions(self, person_id: int) -> None:
        """Messages to others about this parent (payloads name them by id)."""
        await self._tx.execute(
            "DELETE FROM outbox WHERE json_extract(payload, '$.parent_id') = ?", (person_id,)
        )

    async def count_anonymously(self, municipality: str, metric: str, month: str) -> None:
        await self._tx.execute(
            "INSERT INTO anonymous_counts (municipality, metric, month, count)"
            " VALUES (?, ?, ?, 1) ON CONFLICT (municipality, metric, month)"
            " DO UPDATE SET count = count + 1",
            (municipality, metric, month),
        )

    async def delete_person(self, person_id: int) -> None:
        await self._tx.execute("DELETE FROM people WHERE id = ?", (person_id,))
