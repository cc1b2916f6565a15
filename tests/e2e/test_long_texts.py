"""Texts that list people from the database stay under Telegram's 4,096 characters: an
activity with 300 sign-ups and a waiting list, a buddy's weekly overview of 60 families.
The first ones are shown, then "… and 250 more" in the reader's language. The fake
Telegram refuses a longer text, so any list left unbounded fails here."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from domain.activities import ActivityDraft
from tests.builders import add_buddy, add_parent, match
from tests.e2e.test_buddies import config_coordinator, send, tap
from tests.fake_telegram.rules import TEXT_LIMIT, utf16_length
from tests.harness import BotHarness


def long_name(number: int) -> str:
    """A first name of the longest kind parents may give (40 characters), with an "&"
    that goes as "&amp;" in the HTML."""
    return f"{number:03} Anne-Marie & Jean-Pierre de Vries"[:40].ljust(40, "x")


async def test_an_activity_with_300_sign_ups_shows_the_first_names_and_how_many_more(
    harness: BotHarness,
) -> None:
    coordinator = await config_coordinator(harness)
    draft = ActivityDraft(
        municipality="groningen",
        title="Zwangerschapsyoga",
        description="Een uur yoga voor zwangere vrouwen. Neem een matje mee.",
        starts_at=harness.clock.now() + timedelta(days=10),
        place="Buurthuis De Schakel, Beijum",
        capacity=300,
        audience_neighbourhood="beijum",
    )
    activity_id = await harness.services.activities.create(coordinator.id, draft)
    await harness.services.activities.publish(coordinator.id, activity_id)
    for number in range(1, 321):  # 300 places, then 20 on the waiting list
        parent = await add_parent(harness, 7000 + number, first_name=long_name(number))
        await harness.services.activities.sign_up(parent.id, activity_id)

    coco = harness.coordinator("nl")
    await send(harness, coco, "/start")
    await tap(harness, coco, "Activiteiten")
    await tap(harness, coco, next(b for b in coco.visible_buttons() if "Zwangerschapsyoga" in b))

    text = coco.last.text
    assert utf16_length(text) <= TEXT_LIMIT
    assert "Aangemeld: 300. Wachtlijst: 20." in text and "Een uur yoga" in text
    signed_up = re.search(r"^Aangemeld: (.*), … en nog (\d+)$", text, re.MULTILINE)
    assert signed_up is not None
    shown = signed_up[1].split(", ")
    assert shown == [long_name(number) for number in range(1, len(shown) + 1)]
    assert len(shown) >= 20 and len(shown) + int(signed_up[2]) == 300
    # The waiting list gets the rest of the room, in order from the first in line.
    waiting = re.search(r"^Wachtlijst, op volgorde: (.*)$", text, re.MULTILINE)
    assert waiting is not None and waiting[1].startswith(f"{long_name(301)}, {long_name(302)}")
    assert harness.errors == []


async def test_a_weekly_overview_of_60_families_shows_the_first_and_how_many_more(
    harness: BotHarness,
) -> None:
    bram = harness.user("Bram", "pl")
    buddy = await add_buddy(harness, bram.id, display_name="Bram", language="pl")
    for number in range(1, 61):
        parent = await add_parent(harness, 8000 + number, first_name=long_name(number))
        await match(harness, parent=parent, buddy=buddy)

    harness.clock.set(datetime(2026, 11, 30, 8, 5, tzinfo=UTC))  # Monday, 09:05 in Groningen
    await harness.tick()

    [overview] = [text for text in bram.texts() if "Twój tydzień jako buddy" in text]
    assert utf16_length(overview) <= TEXT_LIMIT
    assert overview.startswith("📅 Twój tydzień jako buddy")
    *families, more = overview.split("\n\n")[1:]
    names = [family.split("\n")[0] for family in families]
    assert names == [long_name(number) for number in range(1, len(names) + 1)]
    assert len(names) >= 10 and more == f"… i jeszcze {60 - len(names)}"
    assert bram.last.text == overview and bram.visible_buttons()[0].startswith("👪")
    assert harness.errors == []
