"""Every catalog is complete: each message the code uses is translated, nothing fuzzy,
and the placeholders of each translation are exactly those of its message id."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from bot.i18n import CATALOG_DOMAINS, LOCALES_DIR, shipped_languages
from bot.i18n_tools import extract_template

REQUIRED_LANGUAGES = ("nl", "en")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def load(language: str, domain: str):
    path = LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    assert path.is_file(), f"{path} is missing: run `make i18n`"
    with open(path, "rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def test_required_languages_are_shipped() -> None:
    assert set(REQUIRED_LANGUAGES) <= set(shipped_languages())


@pytest.mark.parametrize("domain", CATALOG_DOMAINS)
@pytest.mark.parametrize("language", shipped_languages())
def test_catalog_is_complete(language: str, domain: str) -> None:
    catalog = load(language, domain)
    used = {message.id for message in extract_template(domain) if message.id}
    present = {message.id for message in catalog if message.id}
    missing = used - present
    assert not missing, f"{language}/{domain}.po lacks {sorted(missing)[:5]}: run `make i18n`"
    problems = []
    for message in catalog:
        if not message.id or message.id not in used:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        expected = placeholders(ids[-1])
        for translated in strings:
            if placeholders(translated) != expected:
                problems.append(f"placeholders differ: {ids[0]!r} -> {translated!r}")
    assert not problems, f"{language}/{domain}.po:\n" + "\n".join(problems)
