"""Periodic housekeeping that belongs to no flow: the retention policy."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.scheduling import periodic

if TYPE_CHECKING:
    from bot.context import AppState


@periodic("retention", every=timedelta(hours=6))
async def apply_retention(state: AppState) -> None:
    await state.services.retention.apply()
