"""Encryption at rest for free text people write (notes, questions, answers, comments).

Fernet (AES-128-CBC with HMAC-SHA256, from the ``cryptography`` library) per value, so a
copy of the SQLite file alone reveals nothing of what was written. The key comes from
``KANSRIJK_SECRET_KEY`` or, when unset, from a key file next to the database that is
generated on first start with mode 0600. Several keys (newest first, comma-separated)
allow rotation: new text is encrypted with the first, old text still decrypts.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class CipherKeyError(ValueError):
    """The configured key is unusable."""


class TextCipher:
    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise CipherKeyError("no encryption key")
        try:
            self._fernets = [Fernet(key.encode("ascii")) for key in keys]
        except (ValueError, UnicodeEncodeError) as error:
            raise CipherKeyError(
                "the encryption key must be a Fernet key (32 url-safe base64-encoded bytes)"
            ) from error
        self._cipher = MultiFernet(self._fernets)

    def encrypt(self, text: str) -> bytes:
        return self._cipher.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._cipher.decrypt(bytes(token)).decode("utf-8")
        except InvalidToken as error:
            raise CipherKeyError("text was encrypted with a key that is not configured") from error

    def encrypt_optional(self, text: str | None) -> bytes | None:
        return self.encrypt(text) if text is not None else None

    def decrypt_optional(self, token: bytes | None) -> str | None:
        return self.decrypt(token) if token is not None else None

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt with the newest key."""
        return self._cipher.rotate(bytes(token))


def load_keys(secret_key: str | None, key_file: Path) -> list[str]:
    """The configured keys, or the key file's (created with mode 0600 if missing)."""
    if secret_key:
        return [part.strip() for part in secret_key.split(",") if part.strip()]
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
    return [line.strip() for line in key_file.read_text().splitlines() if line.strip()]
