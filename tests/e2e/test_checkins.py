"""Check-ins as a parent (and their buddy, and the coordinator) meets them: on time in
local time across the October clock change, never in quiet hours, and a parent who is
not doing well is noticed — by the buddy, and if the buddy does not react, by the
coordinator."""

from __future__ import annotations

from datetime import timedelta

from domain.parents import Phase
from domain.signals import SignalKind
from tests.builders import add_buddy, add_parent, match
from tests.e2e.scheduling import at, buddy_alerts, fetch, signal_announcements, utc
from tests.harness import BotHarness

MOOD_QUESTION = "Hoe gaat het deze week met je?"


async def test_checkins_come_at_half_past_nine_local_time_across_the_october_change(
    harness: BotHarness,
) -> None:
    # Registered on Monday 12 October 2026; summer time ends on Sunday 25 October.
    harness.clock.set(utc(2026, 10, 12, 10, 0))
    fatima = harness.user("Fatima")
    await add_parent(harness, fatima.id, first_name="Fatima")

    for slot in (utc(2026, 10, 19, 7, 30), utc(2026, 10, 26, 8, 30)):  # 09:30 CEST, 09:30 CET
        await at(harness, slot - timedelta(minutes=1))
        assert not any(MOOD_QUESTION in m.text for m in fatima.new_messages())
        await at(harness, slot)
        [question] = fatima.new_messages()
        assert question.text.startswith("Hoi Fatima! " + MOOD_QUESTION)
        assert [b.label for row in question.buttons for b in row] == [
            "😄 Heel goed",
            "🙂 Goed",
            "😐 Gaat wel",
            "🙁 Niet zo goed",
            "😞 Slecht",
        ]
        await fatima.tap("🙂 Goed")
        edited, thanks = fatima.new_messages()
        assert edited.message_id == question.message_id
        assert edited.text.endswith("Jouw antwoord: 🙂 Goed") and not edited.buttons
        assert thanks.text.startswith("Dank je wel")

    rows = await fetch(harness, "SELECT slot, sent_at, score FROM checkins ORDER BY slot")
    assert [(r["slot"], r["score"]) for r in rows] == [
        ("2026-10-19T09:30", 4),
        ("2026-10-26T09:30", 4),
    ]
    assert [r["sent_at"][:16] for r in rows] == ["2026-10-19T07:30", "2026-10-26T08:30"]


async def test_a_late_checkin_waits_for_the_end_of_quiet_hours(harness: BotHarness) -> None:
    # An evening check-in (19:30) that the bot, down since the afternoon, catches up
    # at 22:00: it waits until 08:30 the next morning. An urgent signal does not wait.
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    sara = harness.user("Sara")
    parent = await add_parent(harness, sara.id, first_name="Sara")
    async with harness.services.db.transaction() as tx:
        await tx.execute(
            "UPDATE parents SET preferred_time = 'evening' WHERE person_id = ?", (parent.id,)
        )
    coordinator = harness.coordinator()
    await coordinator.send("/start")

    await at(harness, utc(2026, 11, 23, 21, 0))  # 22:00 local, slot was 19:30 local
    assert sara.new_messages() == []
    signal_id = await harness.services.signals.raise_signal(
        municipality="groningen", kind=SignalKind.URGENT_HELP, urgent=True, parent_id=parent.id
    )
    await harness.deliver_due()
    assert signal_announcements(coordinator, signal_id), "an urgent signal goes at any hour"

    await at(harness, utc(2026, 11, 24, 7, 29))  # 08:29 local
    assert sara.new_messages() == []
    await at(harness, utc(2026, 11, 24, 7, 30))  # 08:30 local
    [question] = sara.new_messages()
    assert MOOD_QUESTION in question.text


async def test_low_mood_goes_to_the_buddy_and_unacknowledged_to_the_coordinator(
    harness: BotHarness,
) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    fatima = harness.user("Fatima")
    bram = harness.user("Bram")
    coordinator = harness.coordinator()
    await coordinator.send("/start")
    parent = await add_parent(harness, fatima.id, first_name="Fatima", share_checkins=False)
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    await match(harness, parent=parent, buddy=buddy)

    await at(harness, utc(2026, 11, 23, 8, 30))  # Monday 09:30 local
    await fatima.tap("🙁 Niet zo goed")
    assert "Wil je dat je buddy contact met je opneemt?" in fatima.last.text
    assert buddy_alerts(bram) == [], "not shared: the buddy sees nothing yet"

    await fatima.tap("Ja, graag")
    assert "Ik heb je buddy gevraagd" in fatima.last.text
    assert "113" in fatima.last.text
    [alert] = buddy_alerts(bram)
    assert "Fatima" in alert.text

    await harness.tick(hours=23)
    assert signal_announcements(coordinator) == [], "the buddy has a day to react"
    await harness.tick(hours=2)
    assert signal_announcements(coordinator), "unacknowledged after 24 h: the coordinator knows"
    signals = await fetch(harness, "SELECT kind, parent_id FROM signals")
    assert signals == [{"kind": "low_mood", "parent_id": parent.id}]


async def test_shared_low_score_reaches_the_buddy_at_once(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    fatima = harness.user("Fatima")
    bram = harness.user("Bram")
    parent = await add_parent(harness, fatima.id, first_name="Fatima", share_checkins=True)
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    await match(harness, parent=parent, buddy=buddy)

    await at(harness, utc(2026, 11, 23, 8, 30))
    await fatima.tap("😞 Slecht")
    assert len(buddy_alerts(bram)) == 1
    await fatima.tap("Nee, dank je")
    assert "Je buddy kan je antwoord zien" in fatima.last.text
    assert buddy_alerts(bram) == []


async def test_without_a_buddy_contact_goes_to_the_coordinators(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    coordinator = harness.coordinator()
    await coordinator.send("/start")
    amal = harness.user("Amal")
    await add_parent(harness, amal.id, first_name="Amal")

    await at(harness, utc(2026, 11, 23, 8, 30))
    await amal.tap("😞 Slecht")
    assert "iemand van het Kansrijk-team" in amal.last.text
    await amal.tap("Ja, graag")
    assert "Ik heb iemand van het Kansrijk-team gevraagd" in amal.last.text
    assert signal_announcements(coordinator)
    assert await fetch(harness, "SELECT kind, urgent FROM signals") == [
        {"kind": "low_mood", "urgent": 0}
    ]


async def test_every_fourth_week_the_stress_thermometer(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 2, 10, 0))
    noor = harness.user("Noor", "en")
    await add_parent(harness, noor.id, first_name="Noor", language="en")
    kinds = []
    for week in range(1, 5):
        await at(harness, utc(2026, 11, 2, 8, 30) + timedelta(weeks=week))
        [question] = noor.new_messages()
        kinds.append("stress thermometer" in question.text)
    assert kinds == [False, False, False, True]
    assert noor.visible_buttons() == [str(n) for n in range(11)]
    await noor.tap("9")
    assert "Would you like someone from the Kansrijk team" in noor.last.text
    await noor.tap("No, thank you")
    assert noor.last.text.startswith("Okay, that is fine.")


async def test_three_unanswered_checkins_in_a_row_alert_the_buddy(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 2, 10, 0))
    fatima = harness.user("Fatima")
    bram = harness.user("Bram")
    parent = await add_parent(harness, fatima.id, first_name="Fatima")
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    await match(harness, parent=parent, buddy=buddy)

    for week in range(1, 4):
        await at(harness, utc(2026, 11, 2, 8, 30) + timedelta(weeks=week))
    await harness.tick(days=3, minutes=1)
    [alert] = buddy_alerts(bram)
    assert "Fatima" in alert.text and "3" in alert.text
    await harness.tick(days=7)  # a fourth unanswered one does not alert again
    assert buddy_alerts(bram) == []


async def test_no_checkins_when_off_paused_or_stopped(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    users = [harness.user(name) for name in ("Off", "Paused", "Stopped", "Wish")]
    people = [await add_parent(harness, user.id, first_name=user.first_name) for user in users[:3]]
    await add_parent(harness, users[3].id, first_name="Wish", phase=Phase.WISH)
    async with harness.services.db.transaction() as tx:
        await tx.execute(
            "UPDATE parents SET checkin_frequency = 'off' WHERE person_id = ?", (people[0].id,)
        )
        await tx.execute(
            "UPDATE parents SET paused_until = '2026-11-24' WHERE person_id = ?", (people[1].id,)
        )
        await tx.execute(
            "UPDATE parents SET stopped_at = '2026-11-17T10:00:00.000000Z' WHERE person_id = ?",
            (people[2].id,),
        )
    await at(harness, utc(2026, 11, 23, 8, 30))
    assert [bool(user.new_messages()) for user in users] == [False, False, False, True]


async def test_someone_elses_checkin_button_is_refused(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    fatima = harness.user("Fatima")
    sara = harness.user("Sara")
    await add_parent(harness, fatima.id, first_name="Fatima")
    await add_parent(harness, sara.id, first_name="Sara")
    await at(harness, utc(2026, 11, 23, 8, 30))
    [row] = await fetch(
        harness,
        "SELECT c.id FROM checkins c JOIN people p ON p.id = c.parent_id WHERE p.telegram_id = ?",
        fatima.id,
    )
    await sara.tap_data(f"Sk:{row['id']}:1")
    assert sara.answers[-1].text.startswith("Deze knop werkt niet")
    await fatima.tap_data(f"Sk:{row['id']}:99")
    assert fatima.answers[-1].text.startswith("Deze knop werkt niet")
    assert (await fetch(harness, "SELECT score FROM checkins WHERE id = ?", row["id"])) == [
        {"score": None}
    ]
    await fatima.tap("🙂 Goed")
    await fatima.tap_data(f"Sk:{row['id']}:1")
    assert fatima.answers[-1].text == "Je hebt hier al antwoord op gegeven. Dank je wel!"


async def test_a_tap_made_while_the_bot_was_away_still_counts(harness: BotHarness) -> None:
    # After downtime the bot handles taps that are too old to answer: Telegram refuses
    # the answer, but the check-in is saved and the parent sees where they are.
    harness.clock.set(utc(2026, 11, 16, 10, 0))
    fatima = harness.user("Fatima")
    parent = await add_parent(harness, fatima.id, first_name="Fatima", share_checkins=False)
    await at(harness, utc(2026, 11, 23, 8, 30))  # Monday 09:30 local
    harness.fake.expire_next_callback_queries()
    await fatima.tap("🙂 Goed")
    checkins = await fetch(harness, "SELECT parent_id, score FROM checkins WHERE score IS NOT NULL")
    assert checkins == [{"parent_id": parent.id, "score": 4}]
    assert harness.errors == []
    assert all("Sorry" not in text for text in fatima.texts())

    harness.fake.expire_next_callback_queries()
    await fatima.tap_data("Pm:nonsense")  # a stale button: the alert comes as a message
    assert fatima.last.text and "Sorry" not in fatima.last.text
    assert harness.errors == []
