"""Pages of a long list: the page asked for, or the nearest one that exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_application
from bot.config import Config
from bot.i18n import Catalogs
from domain.settings import MAX_PLACES, SettingsError, load_settings
from flows.common.paging import page_of, paged
from flows.coordinator.callbacks import Menu, Section

CATALOGS = Catalogs.load()


@pytest.mark.parametrize(
    ("asked", "shown", "first"),
    [(0, 0, 0), (1, 1, 8), (2, 2, 16), (3, 2, 16), (99, 2, 16), (-4, 0, 0)],
)
def test_a_page_past_either_end_is_the_nearest_page(asked: int, shown: int, first: int) -> None:
    page = page_of(list(range(20)), asked, 8)
    assert (page.number, page.count, page.start) == (shown, 3, first)
    assert list(page.items) == list(range(first, min(first + 8, 20)))


def test_an_empty_list_is_one_empty_page() -> None:
    page = page_of([], 5)
    assert (page.number, page.count, list(page.items)) == (0, 1, [])


def test_the_row_that_turns_the_page_and_its_status_in_dutch() -> None:
    t = CATALOGS.get("nl")
    buttons = [(f"item {n}", Menu(Section.WAITING, n)) for n in range(250)]
    markup, status = paged(t, buttons, 1, lambda n: Menu(Section.WAITING, n), after=[])
    rows = markup.inline_keyboard
    assert [row[0].text for row in rows[:-1]] == [f"item {n}" for n in range(8, 16)]
    assert [(b.text, b.callback_data) for b in rows[-1]] == [
        ("‹ Vorige", "Cm:waiting"),
        ("Volgende ›", "Cm:waiting:2"),
    ]
    assert status == "Pagina 2 van 32"
    single, status = paged(t, buttons[:8], 0, lambda n: Menu(Section.WAITING, n))
    assert len(single.inline_keyboard) == 8 and status == ""


def test_settings_refuse_more_places_than_one_keyboard_takes(tmp_path: Path) -> None:
    hoods = "".join(
        f'[[municipalities.neighbourhoods]]\nslug = "h{n}"\nname = "H{n}"\n'
        for n in range(MAX_PLACES + 1)
    )
    path = tmp_path / "settings.toml"
    path.write_text(f'[[municipalities]]\nslug = "town"\nname = "Town"\n{hoods}')
    with pytest.raises(SettingsError, match="neighbourhoods"):
        load_settings(path)


def test_a_help_screen_too_long_for_one_message_stops_the_start(tmp_path: Path) -> None:
    # Help entries are never cut (a parent looking for help must see them all), so a
    # settings file whose help screen would not fit one message is refused at start.
    entries = "".join(
        f'[[municipalities.help]]\nname = "Service {n}"\nphone = "0800-{n:04d}"\n'
        f'[municipalities.help.description]\nnl = "{"Uitleg over deze hulp. " * 12}"\n'
        for n in range(20)
    )
    path = tmp_path / "settings.toml"
    path.write_text(f'[[municipalities]]\nslug = "town"\nname = "Town"\n{entries}')
    config = Config(token="1:test", db_path=tmp_path / "db.sqlite3", settings_path=path)
    with pytest.raises(SettingsError, match="help screen for town in nl"):
        build_application(config)
    shorter = path.read_text().replace("Uitleg over deze hulp. " * 12, "Uitleg.")
    path.write_text(shorter)
    assert build_application(config).bot_data.settings.municipality("town") is not None
