"""Telegram wiring: configuration, the composition root and the entry point."""
