"""``python -m bot``: start the bot (long polling)."""

from __future__ import annotations

import logging
import sys

from telegram import Update

from bot.config import ConfigError, load_config
from bot.i18n import CatalogError
from domain.settings import SettingsError


def main(argv: list[str]) -> int:
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        config = load_config()
        from bot.app import build_application

        application = build_application(config)
    except (ConfigError, SettingsError, CatalogError) as error:
        print(f"kansrijk: {error}", file=sys.stderr)
        return 2
    application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
