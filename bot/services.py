"""The service container the composition root builds once; flows reach it as
``context.services``."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Config
from domain.clock import Clock
from domain.settings import Settings
from services.outbox import OutboxService
from services.people import PeopleService
from services.signals import SignalService
from storage.crypto import TextCipher, load_keys
from storage.db import Database


@dataclass(frozen=True)
class Services:
    db: Database
    cipher: TextCipher
    outbox: OutboxService
    people: PeopleService
    signals: SignalService


def build_services(db: Database, clock: Clock, settings: Settings, config: Config) -> Services:
    cipher = TextCipher(load_keys(config.secret_key, config.key_file))
    outbox = OutboxService(db, clock)
    return Services(
        db=db,
        cipher=cipher,
        outbox=outbox,
        people=PeopleService(db, clock),
        signals=SignalService(db, clock, cipher, outbox),
    )
