"""The signals inbox: an announcement with Claim and Open, claiming, resolving with a
note, and an unclaimed urgent signal sent again to every coordinator in scope."""

from __future__ import annotations

from domain.signals import SignalKind
from tests.builders import add_coordinator, add_parent
from tests.fake_telegram import SimUser
from tests.harness import BotHarness

GRONINGEN_COORDINATOR = 910_002
EEMSDELTA_COORDINATOR = 910_003


async def english_coordinator(harness: BotHarness) -> SimUser:
    """The configured coordinator, who chose English (messages sent to them later are in
    their stored language)."""
    coco = harness.coordinator("en")
    await coco.send("/language")
    await coco.tap("English")
    return coco


async def test_claim_and_resolve_with_a_note(harness: BotHarness) -> None:
    parent = await add_parent(harness, 5001, first_name="Fatima", language="en")
    coco = await english_coordinator(harness)
    await harness.services.signals.raise_signal(
        municipality="groningen",
        kind=SignalKind.BUDDY_CONCERN,
        urgent=False,
        parent_id=parent.id,
        note="Worried about <money> & housing",
    )
    await harness.deliver_due()
    announcement = coco.last.text
    assert "A new signal for the coordinators" in announcement
    assert "Concern from a buddy" in announcement
    assert "Family: Fatima (Beijum, Groningen)" in announcement
    assert "Note: Worried about <money> & housing" in announcement
    assert coco.visible_buttons() == [
        "I will take this on",
        "Resolve with a note",
        "Open the family",
        "Open the signal",
    ]
    await coco.tap("I will take this on")
    assert "You have taken this on" in coco.last.text
    assert "Taken on by: Coco" in coco.last.text
    await coco.tap("Resolve with a note")
    assert "Write a short note" in coco.last.text
    await coco.send_sticker()
    assert "only read text" in coco.last.text
    await coco.send("Called her; the social team helps with the rent.")
    assert "resolved" in coco.last.text
    await coco.send("/signals")
    assert "There are no open signals" in coco.last.text
    async with harness.services.db.read() as tx:
        row = await tx.fetch_one("SELECT resolved_at, resolution_text FROM signals")
    assert row["resolved_at"] is not None
    assert b"social team" not in row["resolution_text"]  # encrypted at rest


def announcements(user: SimUser) -> list[str]:
    return [
        m.text
        for m in user.messages
        if m.text.startswith(("A new signal", "Nobody has taken this urgent signal"))
    ]


async def test_unclaimed_urgent_signal_goes_again_to_everyone_in_scope(
    harness: BotHarness,
) -> None:
    parent = await add_parent(harness, 5001, first_name="Fatima", language="en")
    await add_coordinator(harness, GRONINGEN_COORDINATOR, municipality="groningen", language="en")
    await add_coordinator(harness, EEMSDELTA_COORDINATOR, municipality="eemsdelta", language="en")
    local = harness.fake.user("Gerda", "en", user_id=GRONINGEN_COORDINATOR)
    other = harness.fake.user("Eelco", "en", user_id=EEMSDELTA_COORDINATOR)
    coco = await english_coordinator(harness)
    await harness.services.signals.raise_signal(
        municipality="groningen", kind=SignalKind.URGENT_HELP, urgent=True, parent_id=parent.id
    )
    await harness.services.signals.raise_signal(
        municipality="groningen", kind=SignalKind.OTHER, urgent=False, parent_id=parent.id
    )
    await harness.deliver_due()
    assert len(announcements(coco)) == 2 and len(announcements(local)) == 2
    assert other.messages == []

    await harness.tick(hours=3, minutes=59)
    assert len(announcements(coco)) == 2 and len(announcements(local)) == 2
    await harness.tick(minutes=2)
    for coordinator in (coco, local):
        assert len(announcements(coordinator)) == 3
        assert "Nobody has taken this urgent signal on for 4 hours" in coordinator.last.text
        assert "Urgent request for help" in coordinator.last.text
    await harness.tick(minutes=30)  # one round per period: nothing new yet
    assert len(announcements(coco)) == 3 and len(announcements(local)) == 3
    assert other.messages == []

    await local.tap("I will take this on")
    assert "You have taken this on" in local.last.text
    await coco.tap("I will take this on")  # too late
    assert coco.last.text == "A colleague has already claimed this signal."
    await harness.tick(hours=5)
    assert len(announcements(coco)) == 3  # no further round once claimed
