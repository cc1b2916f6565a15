"""``python -m bot``: start the bot; ``backup PATH``, ``rotate-key``, ``new-key`` for
operators. Configuration problems print one line on stderr and exit with code 2."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from bot.config import Config, ConfigError, load_config
from bot.i18n import CatalogError
from bot.maintenance import MaintenanceError, backup, rotate_key
from domain.settings import SettingsError
from storage.crypto import CipherKeyError

USAGE_ERROR = 2


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Kansrijk Telegram bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="start the bot (the default)")
    backup_parser = commands.add_parser("backup", help="consistent copy of the database")
    backup_parser.add_argument("path", type=Path)
    commands.add_parser("rotate-key", help="re-encrypt stored texts with a new key")
    commands.add_parser("new-key", help="print a new encryption key")
    arguments = parser.parse_args(argv)

    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if arguments.command == "new-key":
        print(Fernet.generate_key().decode("ascii"))
        return 0
    try:
        config = load_config()
        if arguments.command == "backup":
            pages = backup(config, arguments.path)
            print(f"backup written to {arguments.path} ({pages} pages, integrity ok)")
            return 0
        if arguments.command == "rotate-key":
            changed = rotate_key(config)
            print(f"re-encrypted {changed} stored texts with the new key")
            return 0
        return run(config)
    except (ConfigError, SettingsError, CatalogError, CipherKeyError, MaintenanceError) as error:
        print(f"kansrijk: {error}", file=sys.stderr)
        return USAGE_ERROR


def run(config: Config) -> int:
    from telegram import Update

    from bot.app import build_application

    application = build_application(config)
    if config.webhook_url:
        application.run_webhook(
            listen=config.webhook_listen,
            port=config.webhook_port,
            url_path=config.webhook_path,
            webhook_url=config.webhook_url,
            secret_token=config.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
