"""Weekly tips as a parent gets them: one a week at their time of day, for their stage,
the baby track once the baby is born, and at the second birthday a closing message and
the final survey, after which the programme's messages stop."""

from __future__ import annotations

from datetime import date, timedelta

from domain.parents import Phase
from domain.tips import Stage, Track
from tests.builders import add_parent
from tests.e2e.scheduling import at, utc
from tests.harness import BotHarness

TIP_INTRO = "Hier is je tip voor deze week."


def tip_title(harness: BotHarness, track: Track, number: int) -> str:
    return harness.services.tips.get(Stage(track, number), "nl").title


async def test_a_tip_a_week_for_the_stage_then_the_baby_track(harness: BotHarness) -> None:
    # Registered on Monday 2 November, due 140 days later (20 weeks pregnant).
    harness.clock.set(utc(2026, 11, 2, 10, 0))
    fatima = harness.user("Fatima")
    parent = await add_parent(harness, fatima.id, first_name="Fatima", due_in_days=140)

    await at(harness, utc(2026, 11, 5, 8, 29))  # Thursday 09:29 local
    assert fatima.new_messages() == []
    await at(harness, utc(2026, 11, 5, 8, 30))
    [tip] = fatima.new_messages()
    assert tip.text.startswith("Hoi Fatima! " + TIP_INTRO)
    assert tip_title(harness, Track.PREGNANCY, 20) in tip.text

    await at(harness, utc(2026, 11, 12, 8, 30))
    [tip] = fatima.new_messages()
    assert tip_title(harness, Track.PREGNANCY, 20) in tip.text  # still week 21: the same stage
    await harness.tick(hours=1)
    assert fatima.new_messages() == [], "one tip a week"

    async with harness.services.db.transaction() as tx:
        await tx.execute(
            "UPDATE parents SET phase = 'baby', birth_date = '2026-11-14' WHERE person_id = ?",
            (parent.id,),
        )
    await at(harness, utc(2026, 11, 19, 8, 30))
    [tip] = fatima.new_messages()
    assert tip_title(harness, Track.BABY, 0) in tip.text


async def test_the_second_birthday_closes_the_programme(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 2, 10, 0))
    amal = harness.user("Amal")
    await add_parent(
        harness, amal.id, first_name="Amal", phase=Phase.BABY, birth_date=date(2025, 1, 20)
    )
    birthday_morning = utc(2027, 1, 20, 8, 30)  # 09:30 local on the second birthday
    await at(harness, birthday_morning - timedelta(minutes=1))
    amal.new_messages()
    await at(harness, birthday_morning)
    closing, survey = amal.new_messages()
    assert "Vandaag wordt je kind twee jaar" in closing.text
    assert "wat je van Kansrijk vond" in survey.text
    assert [b.label for row in survey.buttons for b in row] == [str(n) for n in range(1, 11)]

    for _ in range(3):  # weekly: no tips, check-ins or second closing any more
        await harness.tick(weeks=1)
    assert amal.new_messages() == []
    async with harness.services.db.read() as tx:
        surveys = await tx.fetch_all("SELECT kind, match_id, sent_at FROM surveys")
    assert [(s["kind"], s["match_id"]) for s in surveys] == [("final", None)]
    assert surveys[0]["sent_at"].startswith("2027-01-20T08:30")


async def test_no_tips_after_a_pregnancy_ended(harness: BotHarness) -> None:
    harness.clock.set(utc(2026, 11, 2, 10, 0))
    sara = harness.user("Sara")
    parent = await add_parent(harness, sara.id, first_name="Sara")
    async with harness.services.db.transaction() as tx:
        await tx.execute("UPDATE parents SET phase = 'ended' WHERE person_id = ?", (parent.id,))
    await at(harness, utc(2026, 11, 5, 8, 30))
    assert sara.new_messages() == []
