"""SQL pieces several repositories share."""

from __future__ import annotations

# Since when a parent (``pa``, the parents table) waits for a buddy: since registering,
# or since their last match ended.
WAITING_SINCE = (
    "MAX(pa.registered_at, COALESCE((SELECT MAX(m.ended_at) FROM matches m"
    " WHERE m.parent_id = pa.person_id), ''))"
)


def municipality_scope(column: str, municipality: str | None) -> tuple[str, tuple[str, ...]]:
    """The condition (`` AND column = ?``) and parameters that limit a read to one
    municipality; nothing for the whole province (None)."""
    if municipality is None:
        return "", ()
    return f" AND {column} = ?", (municipality,)
