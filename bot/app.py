"""The composition root: the one place that builds the Application. ``python -m bot``
and the tests use the same :func:`build_application`."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    TypeHandler,
)
from telegram.warnings import PTBUserWarning

import flows.buddy
import flows.common
import flows.coordinator
import flows.parent
import flows.scheduled
from bot import housekeeping  # noqa: F401 - registers the retention planner
from bot.commands import publish_default_commands, publish_person_commands
from bot.concurrency import PerPersonUpdateProcessor
from bot.config import Config
from bot.context import AppState, KansrijkContext
from bot.delivery import Dispatcher
from bot.errors import on_error
from bot.flood import FloodGuard
from bot.i18n import LOCALES_DIR, Catalogs
from bot.identify import identify
from bot.persistence import SQLitePersistence
from bot.scheduling import schedule_all
from bot.services import build_services
from domain.clock import Clock, SystemClock
from domain.settings import load_settings
from flows.parent.help_now import check_help_fits
from storage.db import Database
from storage.repositories.outbox import OutboxRepository

log = logging.getLogger(__name__)

IDENTIFY_GROUP = -1
DISPATCH_INTERVAL_SECONDS = 10
FLOWS_GROUP = 0
# Send a little under the allowed rate: requests that left evenly spaced can arrive
# bunched (jitter on the way), and at exactly the limit that bunching earns 429s.
RATE_MARGIN = 0.97


def build_application(
    config: Config, *, clock: Clock | None = None, locales_dir: Path = LOCALES_DIR
) -> Application:
    """Everything wired: settings, catalogs, database, services, handlers, lifecycle."""
    settings = load_settings(config.settings_path)
    catalogs = Catalogs.load(locales_dir)
    check_help_fits(settings, catalogs)
    clock = clock or SystemClock()
    db = Database(config.db_path)
    application = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.base_url)
        .context_types(ContextTypes(context=KansrijkContext, bot_data=AppState))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=config.timezone,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .persistence(SQLitePersistence(db))
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=config.max_messages_per_second * RATE_MARGIN, max_retries=2
            )
        )
        .concurrent_updates(PerPersonUpdateProcessor())
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .build()
    )
    state: AppState = application.bot_data
    state.config = config
    state.settings = settings
    state.catalogs = catalogs
    state.clock = clock
    state.services = build_services(db, clock, settings, config)
    state.flood_guard = FloodGuard(seconds=lambda: clock.now().timestamp())
    state.dispatcher = Dispatcher(state, application.bot)
    state.services.outbox.on_enqueued(state.dispatcher.kick)

    application.add_handler(TypeHandler(Update, identify), group=IDENTIFY_GROUP)
    # Order matters inside a group: the first handler that wants an update gets it, so
    # role flows (with their deep-link entry points) come before the common fallbacks.
    with warnings.catch_warnings():
        # Conversations are kept per chat and person on purpose, not per message (their
        # text steps have no message); PTB warns about that for every one of them.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        for handlers in (
            flows.parent.handlers(),
            flows.buddy.handlers(),
            flows.coordinator.handlers(),
            flows.scheduled.handlers(),
            flows.common.handlers(),
        ):
            application.add_handlers(handlers, group=FLOWS_GROUP)
    application.add_error_handler(on_error)
    return application


async def on_startup(application: Application) -> None:
    """After initialize(): database ready, configured coordinators, command menus."""
    state: AppState = application.bot_data
    await state.services.db.open()
    async with state.services.db.transaction() as tx:
        interrupted = await OutboxRepository(tx).release_interrupted()
    if interrupted:
        log.warning("%s outbox messages were being sent when the bot stopped", interrupted)
    coordinators = await state.services.people.ensure_config_coordinators(
        state.config.coordinator_ids
    )
    await publish_default_commands(application.bot, state.catalogs)
    for person in coordinators:
        await publish_person_commands(
            application.bot, person, state.catalogs.get(person.language or "nl")
        )
    application.job_queue.run_repeating(
        _dispatch_outbox,
        interval=DISPATCH_INTERVAL_SECONDS,
        first=0,
        name="outbox",
        job_kwargs={"id": "outbox", "replace_existing": True},
    )
    # The planners' first run is a JobQueue job right after start (see schedule_all):
    # polling starts without waiting for them.
    schedule_all(application)
    log.info("Kansrijk started as @%s", application.bot.username)


async def _dispatch_outbox(context: KansrijkContext) -> None:
    context.state.dispatcher.kick()


async def on_shutdown(application: Application) -> None:
    state: AppState = application.bot_data
    await state.dispatcher.wait_idle()  # let a pass in progress record what it sent
    await state.services.db.close()
