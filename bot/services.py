"""The service container the composition root builds once; flows reach it as
``context.services``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.config import Config
from bot.i18n import LOCALES_DIR
from domain.clock import Clock
from domain.settings import Settings
from domain.tips import TipLibrary
from services.activities import ActivityService
from services.alerts import AlertService
from services.audit import AuditService
from services.broadcasts import BroadcastService
from services.buddies import BuddyService
from services.checkins import CheckinService
from services.contacts import ContactService
from services.coordinators import CoordinatorService
from services.invites import InviteService
from services.matching import MatchingService
from services.outbox import OutboxService
from services.parents import ParentService
from services.people import PeopleService
from services.privacy import PrivacyService
from services.questions import QuestionService
from services.referrals import ReferralService
from services.reports import ReportService
from services.retention import RetentionService
from services.signals import SignalService
from services.signals_inbox import SignalsInbox
from services.surveys import SurveyService
from services.tips_delivery import TipsDeliveryService
from storage.crypto import TextCipher, load_keys
from storage.db import Database


@dataclass(frozen=True)
class Services:
    db: Database
    cipher: TextCipher
    outbox: OutboxService
    people: PeopleService
    signals: SignalService
    invites: InviteService
    buddies: BuddyService
    contacts: ContactService
    alerts: AlertService
    coordinators: CoordinatorService
    matching: MatchingService
    activities: ActivityService
    broadcasts: BroadcastService
    signals_inbox: SignalsInbox
    reports: ReportService
    referrals: ReferralService
    audit: AuditService
    tips: TipLibrary
    parents: ParentService
    questions: QuestionService
    privacy: PrivacyService
    checkins: CheckinService
    surveys: SurveyService
    tips_delivery: TipsDeliveryService
    retention: RetentionService


def build_services(db: Database, clock: Clock, settings: Settings, config: Config) -> Services:
    cipher = TextCipher(load_keys(config.secret_key, config.key_file))
    outbox = OutboxService(db, clock)
    signals = SignalService(db, clock, cipher, outbox)
    invites = InviteService(db, clock)
    tips = TipLibrary.load(LOCALES_DIR / "tips")
    questions = QuestionService(db, clock, cipher, outbox, settings)
    buddies = BuddyService(db, clock, cipher, outbox, invites, settings, config.timezone)
    alerts = AlertService(db, clock, cipher, outbox, signals, settings.rules)
    surveys = SurveyService(db, clock, config.timezone, cipher, outbox)
    privacy = PrivacyService(db, clock, cipher, settings)
    return Services(
        db=db,
        cipher=cipher,
        outbox=outbox,
        people=PeopleService(db, clock),
        signals=signals,
        invites=invites,
        buddies=buddies,
        contacts=ContactService(
            db, clock, cipher, outbox, signals, config.timezone, settings.rules
        ),
        alerts=alerts,
        coordinators=CoordinatorService(db, clock, settings, invites),
        matching=MatchingService(db, clock, outbox, config.timezone),
        activities=ActivityService(db, clock, outbox, settings, config.timezone),
        broadcasts=BroadcastService(db, clock, cipher, outbox, settings, config.timezone),
        signals_inbox=SignalsInbox(
            db,
            clock,
            cipher,
            outbox,
            timedelta(hours=settings.rules.urgent_signal_renotify_hours),
        ),
        reports=ReportService(db, clock, settings, config.timezone),
        referrals=ReferralService(db, clock, settings),
        audit=AuditService(db),
        tips=tips,
        parents=ParentService(db, clock, settings, config.timezone, cipher, tips, signals),
        questions=questions,
        privacy=privacy,
        checkins=CheckinService(db, clock, config.timezone, outbox, signals, alerts),
        surveys=surveys,
        tips_delivery=TipsDeliveryService(db, clock, config.timezone, outbox, tips, surveys),
        retention=RetentionService(db, clock, privacy, settings.rules),
    )
