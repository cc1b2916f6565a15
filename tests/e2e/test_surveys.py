"""The experience survey six weeks into a match and at its end: a score, what helped
most and an optional comment (stored encrypted) for the monitoring reports."""

from __future__ import annotations

from domain.matches import EndReason
from storage.repositories.matches import MatchRepository
from tests.builders import add_buddy, add_parent, match
from tests.e2e.scheduling import utc
from tests.harness import BotHarness

RATING_QUESTION = "Hoeveel heeft de steun je geholpen?"


async def surveys(harness: BotHarness) -> list[dict]:
    async with harness.services.db.read() as tx:
        return await tx.fetch_all(
            "SELECT kind, match_id, helpfulness, helped_most, comment_text, answered_at"
            " FROM surveys ORDER BY id"
        )


async def matched_family(harness: BotHarness, *, monitoring: bool = True):
    harness.clock.set(utc(2026, 11, 2, 11, 0))
    fatima = harness.user("Fatima")
    bram = harness.user("Bram")
    parent = await add_parent(harness, fatima.id, first_name="Fatima", monitoring=monitoring)
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    match_id = await match(harness, parent=parent, buddy=buddy)
    return fatima, match_id


async def test_six_weeks_into_a_match_the_parent_is_asked(harness: BotHarness) -> None:
    fatima, match_id = await matched_family(harness)
    await harness.tick(weeks=6, minutes=-1)
    assert not any(RATING_QUESTION in m.text for m in fatima.new_messages())
    await harness.tick(minutes=1)
    [survey] = [m for m in fatima.new_messages() if RATING_QUESTION in m.text]
    assert survey.text.startswith("Hoi Fatima! Je hebt nu zes weken een buddy.")

    await fatima.tap("8")
    assert fatima.messages[-2].text.endswith("Jouw antwoord: 8")
    assert fatima.last.text == "Wat heeft je het meest geholpen?"
    await fatima.tap("💬 Praten met mijn buddy")
    assert "Dat hoeft niet" in fatima.last.text
    await fatima.tap("✍️ Ja, ik schrijf iets")
    assert "hoogstens 1000 tekens" in fatima.last.text
    await fatima.send("x" * 1001)
    assert "Dat is wat lang voor mij (1001 tekens)" in fatima.last.text
    await fatima.send("Bram luistert echt goed.")
    assert fatima.last.text.startswith("Dank je wel voor je antwoorden")

    [row] = await surveys(harness)
    assert (row["kind"], row["match_id"], row["helpfulness"], row["helped_most"]) == (
        "six_weeks",
        match_id,
        8,
        "buddy_talks",
    )
    assert b"Bram" not in bytes(row["comment_text"]), "free text is encrypted at rest"
    assert harness.services.cipher.decrypt(row["comment_text"]) == "Bram luistert echt goed."

    await fatima.tap_data("Sr:1:3")  # the same survey's rating, tapped again
    assert fatima.answers[-1].text == "Je hebt hier al antwoord op gegeven. Dank je wel!"


async def test_a_match_that_ends_brings_the_end_survey(harness: BotHarness) -> None:
    fatima, match_id = await matched_family(harness)
    await harness.tick(weeks=2)
    async with harness.services.db.transaction() as tx:
        await MatchRepository(tx).end(match_id, EndReason.GOALS_REACHED, harness.clock.now())
    await harness.tick(hours=1)
    [survey] = [m for m in fatima.new_messages() if RATING_QUESTION in m.text]
    assert "De tijd met je buddy is voorbij" in survey.text
    await fatima.tap("10")
    await fatima.tap("🧰 Praktische hulp")
    await fatima.tap("Nee, dank je")
    assert fatima.last.text.startswith("Dank je wel voor je antwoorden")
    await harness.tick(weeks=6)
    assert [(s["kind"], s["helpfulness"], s["helped_most"]) for s in await surveys(harness)] == [
        ("match_end", 10, "practical")
    ], "an ended match has no six-week survey"


async def test_no_survey_without_consent_to_monitoring_or_after_a_reassignment(
    harness: BotHarness,
) -> None:
    fatima, match_id = await matched_family(harness, monitoring=False)
    await harness.tick(weeks=6, hours=1)
    assert not any(RATING_QUESTION in m.text for m in fatima.new_messages())
    async with harness.services.db.transaction() as tx:
        await MatchRepository(tx).end(match_id, EndReason.REASSIGNED, harness.clock.now())
    await harness.tick(hours=1)
    assert [(s["kind"], s["answered_at"]) for s in await surveys(harness)] == [("six_weeks", None)]


async def test_cancel_while_writing_keeps_the_answers(harness: BotHarness) -> None:
    fatima, _ = await matched_family(harness)
    await harness.tick(weeks=6, hours=1)
    await fatima.tap("6")
    await fatima.tap("Iets anders")
    await fatima.tap("✍️ Ja, ik schrijf iets")
    await fatima.send("/cancel")
    [row] = await surveys(harness)
    assert (row["helpfulness"], row["helped_most"], row["comment_text"]) == (6, "else", None)
    assert "Alles wat je eerder hebt bewaard" in fatima.texts()[-2] + fatima.texts()[-1]
