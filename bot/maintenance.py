"""Operator commands: an online backup, and rotating the encryption key.

Both work on the SQLite file directly (stdlib ``sqlite3``), without Telegram.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from cryptography.fernet import Fernet

from bot.config import Config
from storage.crypto import TextCipher, load_keys

ENCRYPTED_SUFFIX = "_text"


class MaintenanceError(RuntimeError):
    """A maintenance command cannot go ahead; the message says why."""


def backup(config: Config, target: Path) -> int:
    """Copy the database to ``target`` with SQLite's online backup API: consistent even
    while the bot is writing. Returns the number of pages copied."""
    if not config.db_path.is_file():
        raise MaintenanceError(f"no database at {config.db_path}")
    if target.exists():
        raise MaintenanceError(f"{target} exists already; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(config.db_path, timeout=30)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        # All pages in one step: one read snapshot, which in WAL mode does not block the
        # bot's writes. In smaller steps SQLite starts over whenever the bot commits in
        # between, and during a broadcast (a commit per message) it would hardly finish.
        source.backup(copy, pages=-1)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise MaintenanceError(f"the backup at {target} failed its integrity check: {result}")
    return int(pages)


def encrypted_columns(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every (table, column) holding encrypted free text, by naming convention."""
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return [
        (table, column[1])
        for table in tables
        for column in connection.execute(f'PRAGMA table_info("{table}")')
        if column[1].endswith(ENCRYPTED_SUFFIX)
    ]


def rotate_key(config: Config) -> int:
    """Re-encrypt every stored text with a new key. Returns how many values changed.

    With a key file: a new key is generated and put first (the old one stays until every
    value is re-encrypted, so an interruption loses nothing), then the old one is dropped.
    With KANSRIJK_SECRET_KEY: set it to "NEW,OLD" and run this; afterwards keep only NEW.
    """
    if config.secret_key:
        keys = load_keys(config.secret_key, config.key_file)
        if len(keys) < 2:
            raise MaintenanceError(
                "KANSRIJK_SECRET_KEY holds one key: set it to 'NEW,OLD' (generate NEW with"
                " `python -m bot new-key`), run rotate-key, then keep only NEW"
            )
    else:
        keys = [Fernet.generate_key().decode("ascii"), *load_keys(None, config.key_file)]
        _write_key_file(config.key_file, keys)
    changed = _reencrypt(config.db_path, TextCipher(keys))
    if not config.secret_key:
        _write_key_file(config.key_file, keys[:1])
    return changed


def _reencrypt(db_path: Path, cipher: TextCipher) -> int:
    changed = 0
    with closing(sqlite3.connect(db_path, timeout=30)) as connection:
        connection.execute("BEGIN IMMEDIATE")
        for table, column in encrypted_columns(connection):
            rows = connection.execute(
                f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
            ).fetchall()
            for rowid, token in rows:
                connection.execute(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?',
                    (cipher.rotate(token), rowid),
                )
                changed += 1
        connection.commit()
    return changed


def _write_key_file(path: Path, keys: list[str]) -> None:
    temporary = path.with_suffix(path.suffix + ".new")
    temporary.write_text("".join(key + "\n" for key in keys))
    temporary.chmod(0o600)
    temporary.replace(path)
