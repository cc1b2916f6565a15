"""A coordinator sees and acts only within their scope: one scoped to Westerkwartier
cannot see or message parents of the city of Groningen, also not with forged buttons."""

from __future__ import annotations

from domain.invites import InviteKind
from domain.signals import SignalKind
from flows.coordinator.callbacks import (
    ChooseBuddy,
    ClaimSignal,
    ConfirmMatch,
    MakeInvite,
    MakeReport,
    OpenFamily,
    OpenSignal,
    WriteToFamily,
)
from tests.builders import add_buddy, add_coordinator, add_parent
from tests.harness import BotHarness

WENDY_ID = 910_001
NOT_FOUND = "I cannot find that (any more), or it is outside your area."


async def test_westerkwartier_coordinator_cannot_see_or_message_groningen_parents(
    harness: BotHarness,
) -> None:
    fatima_user = harness.user("Fatima", "en")
    fatima = await add_parent(harness, fatima_user.id, first_name="Fatima", language="en")
    lotte_user = harness.user("Lotte", "en")
    lotte = await add_parent(
        harness,
        lotte_user.id,
        first_name="Lotte",
        language="en",
        municipality="westerkwartier",
        neighbourhood="leek",
    )
    bram = await add_buddy(harness, 6001, display_name="Bram")
    await add_buddy(
        harness, 6002, display_name="Wim", municipality="westerkwartier", neighbourhoods=("leek",)
    )
    await add_coordinator(harness, WENDY_ID, municipality="westerkwartier", language="en")
    wendy = harness.fake.user(first_name="Wendy", language_code="en", user_id=WENDY_ID)

    await wendy.send("/start")
    assert "Westerkwartier" in wendy.last.text
    await wendy.tap("Families waiting for a buddy (1)")
    assert [b for b in wendy.visible_buttons() if "Lotte" in b or "Fatima" in b] == [
        "Lotte · Leek · since today"
    ]

    # Forged buttons naming a Groningen family, or a Groningen buddy.
    await wendy.tap_data(OpenFamily(fatima.id).pack())
    assert wendy.last.text == NOT_FOUND
    await wendy.tap_data(ConfirmMatch(fatima.id, bram.id, False).pack())
    assert wendy.last.text == NOT_FOUND
    await wendy.tap_data(ChooseBuddy(lotte.id, bram.id, False).pack())
    assert "cannot be chosen" in wendy.last.text
    await wendy.tap_data(ConfirmMatch(lotte.id, bram.id, False).pack())
    assert wendy.last.text == NOT_FOUND
    await wendy.tap_data(WriteToFamily(fatima.id).pack())
    assert wendy.last.text == NOT_FOUND
    await wendy.send("Hello Fatima")  # no conversation was started: nothing is sent
    await wendy.tap_data(MakeInvite(InviteKind.BUDDY, "groningen").pack())
    await wendy.tap_data(MakeInvite(InviteKind.COORDINATOR, None).pack())
    assert wendy.last.text == "That is not possible with your access."
    await wendy.tap_data(MakeReport("groningen").pack())
    assert wendy.last.text == "That is not possible with your access."
    async with harness.services.db.read() as tx:
        assert await tx.fetch_value("SELECT COUNT(*) FROM matches") == 0
        assert await tx.fetch_value("SELECT COUNT(*) FROM invites") == 0
    assert fatima_user.messages == []

    harness.clock.advance(minutes=1)  # a person's pace (the flood guard counts per window)

    # Writing to a family of her own municipality works.
    await wendy.tap_data(WriteToFamily(lotte.id).pack())
    assert "Write your message to Lotte" in wendy.last.text
    await wendy.send("Hello Lotte, can I call you tomorrow?")
    assert "Sent." in wendy.last.text
    await harness.tick(minutes=2)
    assert "Hello Lotte, can I call you tomorrow?" in lotte_user.last.text

    # A broadcast: no municipality to choose; only Westerkwartier's parents get it.
    await wendy.send("/broadcast")
    await wendy.tap("Parents")
    assert "The whole province" not in wendy.visible_buttons()
    assert "Leek" in wendy.visible_buttons() and "Beijum" not in wendy.visible_buttons()
    await wendy.tap("All of Westerkwartier")
    await wendy.tap("All phases")
    await wendy.tap("Every language")
    await wendy.send("Swimming for babies in Leek!")
    await wendy.tap("Send to 1 person")
    await harness.tick()
    assert lotte_user.last.text.endswith("Swimming for babies in Leek!")
    assert fatima_user.messages == []

    harness.clock.advance(minutes=1)

    # Signals: only those of Westerkwartier reach Wendy and her inbox.
    groningen_signal = await harness.services.signals.raise_signal(
        municipality="groningen", kind=SignalKind.URGENT_HELP, urgent=True, parent_id=fatima.id
    )
    await harness.services.signals.raise_signal(
        municipality="westerkwartier", kind=SignalKind.URGENT_HELP, urgent=True, parent_id=lotte.id
    )
    await harness.deliver_due()
    assert not any("Fatima" in text for text in wendy.texts())
    assert "Family: Lotte (Leek, Westerkwartier)" in wendy.last.text
    await wendy.send("/signals")
    assert "Open signals in Westerkwartier: 1." in wendy.last.text
    await wendy.tap_data(OpenSignal(groningen_signal).pack())
    assert wendy.last.text == NOT_FOUND
    await wendy.tap_data(ClaimSignal(groningen_signal).pack())
    assert wendy.last.text == NOT_FOUND

    harness.clock.advance(minutes=1)

    # The access log: a province-wide colleague opening Fatima is not Wendy's business.
    coco = harness.coordinator("en")
    await coco.send("/start")
    await coco.tap_data(OpenFamily(fatima.id).pack())
    assert "Fatima" in coco.last.text
    await wendy.send("/audit")
    assert "Fatima" not in wendy.last.text
    await wendy.tap_data(OpenFamily(lotte.id).pack())
    await wendy.send("/audit")
    assert "Wendy opened Lotte (Leek, Westerkwartier)" in wendy.last.text
    assert all("Fatima" not in text for text in wendy.texts())
    await coco.send("/audit")
    assert "opened Fatima" in coco.last.text and "opened Lotte" in coco.last.text
