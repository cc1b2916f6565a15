"""The coordinator's view of how the buddies are doing (their monthly check-in), for
supervision: only their own municipality, those struggling first, month by month."""

from __future__ import annotations

from tests.builders import add_buddy, add_coordinator
from tests.harness import BotHarness

# The harness starts on Monday 23 November 2026: the last complete month is October.


async def test_a_coordinator_sees_how_their_buddies_are_doing(harness: BotHarness) -> None:
    bram = await add_buddy(harness, 501, display_name="Bram")
    await add_buddy(harness, 502, display_name="Eva")
    anna = await add_buddy(harness, 503, display_name="Anna")
    wim = await add_buddy(harness, 504, display_name="Wim", municipality="westerkwartier")
    buddies = harness.services.buddies
    await buddies.record_wellbeing(bram.id, "2026-10", score=2, hours=6)
    await buddies.record_wellbeing(anna.id, "2026-10", score=5, hours=3.5)
    await buddies.record_wellbeing(wim.id, "2026-10", score=1, hours=1)
    await buddies.record_wellbeing(anna.id, "2026-09", score=4, hours=2)

    gerda = harness.user("Gerda", "en")
    await add_coordinator(harness, gerda.id, municipality="groningen", language="en")
    await gerda.send("/start")
    await gerda.tap("How the buddies are doing")
    screen = gerda.last.text
    assert "How the buddies in Groningen are doing — October 2026" in screen
    assert "2 of 3 buddies answered the monthly check-in." in screen
    lines = [line for line in screen.splitlines() if line.startswith("•")]
    assert lines == [
        "• Bram: 🙁 Not so good · 6 h spent (logged 0 h)",
        "• Anna: 😄 Very good · 3.5 h spent (logged 0 h)",
        "• Eva: no answer yet · logged 0 h",
    ]
    assert "Wim" not in screen  # another municipality
    assert "November 2026 ›" not in gerda.visible_buttons()  # not over yet

    await gerda.tap("‹ September 2026")
    assert "September 2026" in gerda.last.text
    assert "1 of 3 buddies answered" in gerda.last.text
    await gerda.tap("October 2026 ›")
    assert "2 of 3 buddies answered" in gerda.last.text

    coco = harness.coordinator("en")  # province-wide
    await coco.send("/start")
    await coco.tap("How the buddies are doing")
    assert "3 of 4 buddies answered" in coco.last.text
    assert coco.last.text.index("• Wim") < coco.last.text.index("• Bram")  # lowest first

    async with harness.services.db.read() as tx:
        viewed = await tx.fetch_value(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'buddy_wellbeing_viewed'"
        )
    assert viewed == 4  # every screen of the buddies' own data is in the audit log


async def test_many_buddies_a_page_at_a_time_and_stale_buttons(harness: BotHarness) -> None:
    for number in range(12):
        await add_buddy(harness, 600 + number, display_name=f"Buddy {number:02d}")
    gerda = harness.user("Gerda", "nl")
    await add_coordinator(harness, gerda.id, municipality="groningen", language="nl")
    await gerda.send("/start")
    await gerda.tap("Hoe het met de buddy's gaat")
    assert "oktober 2026" in gerda.last.text
    assert "Buddy 09" in gerda.last.text and "Buddy 10" not in gerda.last.text
    await gerda.tap("Volgende ›")
    assert "Buddy 10" in gerda.last.text and "Buddy 11" in gerda.last.text

    await gerda.tap_data("Cy:2099-01")  # forged: a month that has not come
    assert "oktober 2026" in gerda.last.text
    await gerda.tap_data("Cy:2026-10:7")  # a page that no longer exists: the last one
    assert "Buddy 11" in gerda.last.text

    parent_like = harness.user("Sanne", "nl")
    await parent_like.send("/start")
    await parent_like.tap_data("Cy:2026-10")  # not a coordinator
    assert all("Buddy" not in text for text in parent_like.texts())
    assert all(answer.text is None or "Buddy" not in answer.text for answer in parent_like.answers)
