"""Callback data of the flows for everyone."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData


@dataclass(frozen=True)
class ChooseLanguage(CallbackData, prefix="lang"):
    language: str


@dataclass(frozen=True)
class OpenHome(CallbackData, prefix="home"):
    pass
