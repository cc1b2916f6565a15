"""SQLite storage: one serialised aiosqlite connection, migrations and repositories.

Nothing outside this package sees SQL or ``aiosqlite.Row``: repositories return the
dataclasses of :mod:`domain`.
"""

from storage.db import Database, Transaction

__all__ = ["Database", "Transaction"]
