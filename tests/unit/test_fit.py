"""A list fitted into one message: whole blocks in order under the budget, then "… and N
more" in the reader's language; never a tag or an entity cut in half."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import Catalogs
from flows.common.ui import TEXT_BUDGET, esc, fit, text_length
from tests.fake_telegram.rules import TEXT_LIMIT, render_text

CATALOGS = Catalogs.load()


def test_a_list_that_fits_is_joined_whole() -> None:
    t = CATALOGS.get("nl")
    assert fit(t, ["Amira", "Bo", "Chen"], separator=", ") == "Amira, Bo, Chen"
    assert fit(t, []) == ""


def test_a_long_list_keeps_whole_blocks_in_order_and_says_how_many_more() -> None:
    t = CATALOGS.get("nl")
    blocks = [f"<b>{esc(f'Fam {n:03} & co')}</b>\nZwanger, week 20" for n in range(300)]

    text = fit(t, blocks, separator="\n\n")

    *kept, more = text.split("\n\n")
    assert text_length(text) <= TEXT_BUDGET
    assert kept == blocks[: len(kept)] and len(kept) > 50
    assert more == f"… en nog {300 - len(kept)}"
    # Valid HTML for Telegram: nothing cut inside a tag or an entity.
    assert render_text(text, "HTML", None, is_caption=False).text.startswith("Fam 000 & co")


def test_the_budget_counts_as_telegram_does_and_the_line_comes_in_each_language() -> None:
    emoji = ["👶" * 10] * 100  # 20 UTF-16 code units each, though 10 characters
    text = fit(CATALOGS.get("en"), emoji, separator=", ", budget=200)
    assert text_length(text) <= 200
    assert text.endswith("… and 92 more") and text.count("👶") == 80
    assert fit(CATALOGS.get("uk"), ["Оля"] * 4, budget=13) == "Оля\n… і ще 3"
    # Not even one block fits: only the line that says how many there are.
    assert fit(CATALOGS.get("pl"), ["x" * 50] * 4, budget=10) == "… i jeszcze 4"


@given(
    blocks=st.lists(st.text(min_size=1, max_size=60), max_size=120),
    budget=st.integers(min_value=20, max_value=TEXT_LIMIT),
    separator=st.sampled_from(["\n", "\n\n", ", "]),
)
def test_whatever_the_list_the_text_stays_within_its_budget(
    blocks: list[str], budget: int, separator: str
) -> None:
    t = CATALOGS.get("ar")
    blocks = [esc(block) for block in blocks]

    text = fit(t, blocks, separator=separator, budget=budget)

    assert text_length(text) <= budget
    if text == separator.join(blocks):
        return
    shown = len(blocks) - int(text.rsplit("… و", 1)[1].removesuffix(" أخرى"))
    assert text.startswith(separator.join(blocks[:shown]))
