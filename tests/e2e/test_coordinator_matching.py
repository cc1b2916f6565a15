"""Matching as a coordinator does it: the waiting families with how long they waited,
buddies suggested by language, neighbourhood and caseload, the introductions, a
reassignment and ending a match with a reason."""

from __future__ import annotations

from tests.builders import add_buddy, add_parent, match
from tests.harness import BotHarness


async def sent_kinds(harness: BotHarness, person_id: int) -> list[str]:
    """What matching sent this person (other kinds, like weekly tips, left out)."""
    async with harness.services.db.read() as tx:
        rows = await tx.fetch_all(
            "SELECT kind FROM outbox WHERE person_id = ? AND status = 'sent'"
            " AND kind LIKE 'match_%' ORDER BY id",
            (person_id,),
        )
    return [row["kind"] for row in rows]


async def test_match_reassign_and_end(harness: BotHarness) -> None:
    amina_user = harness.user("Amina", "ar")
    amina = await add_parent(
        harness, amina_user.id, first_name="Amina", language="ar", neighbourhood="beijum"
    )
    harness.clock.advance(days=3)
    late = await add_parent(harness, 5002, first_name="Joke", neighbourhood="selwerd")
    # Three buddies: one speaks Arabic in another neighbourhood, one lives in Beijum but
    # speaks only Dutch, one speaks Arabic in Beijum but already supports two families.
    sara_user = harness.user("Sara", "en")
    await add_buddy(
        harness,
        sara_user.id,
        display_name="Sara",
        language="en",
        languages=("nl", "ar"),
        neighbourhoods=("lewenborg",),
    )
    bram_user = harness.user("Bram", "en")
    await add_buddy(harness, bram_user.id, display_name="Bram", language="en")
    busy = await add_buddy(
        harness, 6003, display_name="Hanan", languages=("ar",), neighbourhoods=("beijum",)
    )
    for telegram_id in (7001, 7002):
        other = await add_parent(harness, telegram_id, first_name="Other")
        await match(harness, parent=other, buddy=busy)

    coco = harness.coordinator("en")
    await coco.send("/waiting")
    assert "waiting for a buddy: 2" in coco.last.text
    waiting = [label for label in coco.visible_buttons() if "·" in label]
    assert waiting == ["Amina · Beijum · 3 days", "Joke · Selwerd · since today"]

    await coco.tap("Amina · Beijum · 3 days")
    details = coco.last.text
    assert "Amina" in details and "Lives in: Beijum, Groningen" in details
    assert "Language: العربية" in details and "No buddy yet." in details
    assert coco.visible_buttons()[:3] == ["1. Hanan", "2. Sara", "3. Bram"]
    assert "1. Hanan: speaks their language, same neighbourhood, supports 2 families now" in details
    assert "2. Sara: speaks their language, supports 0 families now" in details

    await coco.tap("2. Sara")
    assert "Match this family with Sara?" in coco.last.text
    await coco.tap("Yes, match them")
    assert "they are matched" in coco.last.text
    await harness.tick(minutes=2)
    assert "You have a new family: Amina in Beijum, Groningen." in sara_user.last.text
    assert sara_user.visible_buttons() == ["Open the family"]
    await sara_user.tap("Open the family")  # the buddy's own family card
    assert "Amina" in sara_user.last.text
    assert await sent_kinds(harness, amina.id) == ["match_intro_parent"]

    harness.clock.advance(minutes=1)
    await coco.send("/start")
    await coco.tap("Families with a buddy")
    await coco.tap("Amina with Sara")
    assert "Buddy: Sara" in coco.last.text
    await coco.tap("Choose another buddy")
    assert "2. Sara" not in coco.visible_buttons()
    await coco.tap(next(b for b in coco.visible_buttons() if b.endswith("Bram")))
    await coco.tap("Yes, match them")
    assert "has a new buddy" in coco.last.text
    await harness.tick(minutes=2)
    assert "Your match with Amina has ended (Another buddy)" in sara_user.last.text
    assert "You have a new family: Amina" in bram_user.last.text
    # A second introduction and no farewell: the family simply has a new buddy.
    assert await sent_kinds(harness, amina.id) == ["match_intro_parent"] * 2

    await coco.tap("« Back")
    await coco.tap("Amina with Bram")
    await coco.tap("End the match")
    assert "Why does the match end?" in coco.last.text
    assert "Another buddy" not in coco.visible_buttons()
    await coco.tap("Moved away")
    assert "The match has ended (Moved away)" in coco.last.text
    await harness.tick(minutes=2)
    assert "Your match with Amina has ended (Moved away)" in bram_user.last.text
    assert await sent_kinds(harness, amina.id) == ["match_intro_parent"] * 2 + [
        "match_ended_parent"
    ]
    async with harness.services.db.read() as tx:
        reasons = await tx.fetch_all(
            "SELECT end_reason FROM matches WHERE parent_id = ? ORDER BY id", (amina.id,)
        )
        opened = await tx.fetch_value(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'parent_details_opened'"
            " AND subject_id = ?",
            (amina.id,),
        )
    assert [row["end_reason"] for row in reasons] == ["reassigned", "moved_away"]
    assert opened == 3  # every opening of the family's details is in the audit log
    assert late.id  # Joke still waits


async def test_a_stale_match_button_is_refused_kindly(harness: BotHarness) -> None:
    parent = await add_parent(harness, 5001, first_name="Fatima")
    buddy = await add_buddy(harness, 6001, display_name="Bram")
    coco = harness.coordinator("en")
    await coco.send("/waiting")
    await coco.tap("Fatima · Beijum · since today")
    await coco.tap("1. Bram")
    await harness.services.matching.match(
        (await harness.services.people.identify(coco.id)).id, parent.id, buddy.id
    )
    await coco.tap("Yes, match them")  # a colleague was quicker
    assert coco.last.text == "This family already has a buddy."
