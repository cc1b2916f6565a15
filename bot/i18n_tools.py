"""`python -m bot.i18n_tools extract|update|compile [--domain D]`: catalogs with babel.

extract: one template per catalog domain from the source folders it covers;
update:  merge templates into every language's catalogs (new catalogs are created, the
         English catalog gets msgstr = msgid since the message ids are English);
compile: .po -> .mo for every language and domain.
"""

from __future__ import annotations

import sys

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import CATALOG_DOMAINS, LOCALES_DIR, SOURCE_LANGUAGE, shipped_languages

ROOT = LOCALES_DIR.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract_template(domain: str) -> Catalog:
    """The messages the code of ``domain`` uses, as a catalog template."""
    template = Catalog(project="kansrijk", fuzzy=False)
    for folder in CATALOG_DOMAINS[domain]:
        source = ROOT / folder
        if not source.is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
            str(source),
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            template.add(
                message,
                None,
                [(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return template


def extract(domains: list[str]) -> None:
    for domain in domains:
        template = extract_template(domain)
        with open(LOCALES_DIR / f"{domain}.pot", "wb") as out:
            write_po(out, template, width=100, omit_header=False)


def update(domains: list[str]) -> None:
    for language in shipped_languages():
        for domain in domains:
            template_path = LOCALES_DIR / f"{domain}.pot"
            with open(template_path, "rb") as handle:
                template = read_po(handle)
            po_path = LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"
            if po_path.exists():
                with open(po_path, "rb") as handle:
                    catalog = read_po(handle, locale=language, domain=domain)
            else:
                catalog = Catalog(locale=language, domain=domain, project="kansrijk")
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            if language == SOURCE_LANGUAGE:
                _fill_from_ids(catalog)
            po_path.parent.mkdir(parents=True, exist_ok=True)
            with open(po_path, "wb") as out:
                write_po(out, catalog, width=100, ignore_obsolete=True)


def _fill_from_ids(catalog: Catalog) -> None:
    """The message ids are English: the English catalog repeats them (plurals too)."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = tuple(
                    message.id[0] if i == 0 else message.id[1] for i in range(catalog.num_plurals)
                )
        elif not message.string:
            message.string = message.id


def compile_catalogs(domains: list[str] | None = None) -> None:
    for po_path in sorted(LOCALES_DIR.glob("*/LC_MESSAGES/*.po")):
        if domains is not None and po_path.stem not in domains:
            continue
        with open(po_path, "rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        with open(po_path.with_suffix(".mo"), "wb") as out:
            write_mo(out, catalog, use_fuzzy=False)


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "update": update, "compile": compile_catalogs}
    domains = list(CATALOG_DOMAINS)
    if len(argv) == 3 and argv[1] == "--domain" and argv[2] in CATALOG_DOMAINS:
        domains = [argv[2]]
    elif len(argv) != 1:
        argv = []
    if not argv or argv[0] not in commands:
        print(
            "usage: python -m bot.i18n_tools extract|update|compile [--domain "
            + "|".join(CATALOG_DOMAINS)
            + "]",
            file=sys.stderr,
        )
        return 2
    commands[argv[0]](domains)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
