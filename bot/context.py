"""The typed context every handler receives, and the application-wide state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.i18n import Catalogs, Translator
from domain.clock import Clock
from domain.people import Person
from domain.settings import Settings

# user_data key of the language an unregistered person picked.
DRAFT_LANGUAGE = "language"

if TYPE_CHECKING:
    from bot.config import Config
    from bot.delivery import Dispatcher
    from bot.flood import FloodGuard
    from bot.services import Services


class AppState:
    """``bot_data``: what the composition root wires once; never persisted."""

    config: Config
    settings: Settings
    catalogs: Catalogs
    clock: Clock
    services: Services
    dispatcher: Dispatcher
    flood_guard: FloodGuard


class KansrijkContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], AppState]):
    """Adds who is writing (``person``) and their translator (``t``), both set for every
    update by the identify step (group -1) before any flow runs."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.person: Person | None = None
        self._translator: Translator | None = None

    @property
    def state(self) -> AppState:
        return self.bot_data

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    @property
    def t(self) -> Translator:
        if self._translator is None:
            self._translator = self.bot_data.catalogs.get("nl")
        return self._translator

    @t.setter
    def t(self, translator: Translator) -> None:
        self._translator = translator

    def translator_for(self, language: str | None) -> Translator:
        """Another person's translator, for messages sent to them."""
        return self.bot_data.catalogs.get(language or "nl")
