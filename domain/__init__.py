"""The pure core: dataclasses, enums and rules. No Telegram, no SQL, no I/O."""
