"""The parent's home menu: help now, the tip of this week, my buddy and the settings."""

from __future__ import annotations

from datetime import timedelta

from domain.alerts import AlertKind
from domain.parents import CheckinFrequency, Phase, TimeOfDay
from domain.signals import SignalKind
from domain.tips import Stage, Track
from flows.parent.callbacks import AfterLoss, LossStep
from tests.builders import add_buddy, add_parent, match
from tests.fake_telegram import SimUser
from tests.harness import BotHarness


async def registered(
    harness: BotHarness, name: str = "Fatima", language: str = "nl", **details: object
) -> SimUser:
    user = harness.user(name, language)
    await add_parent(harness, user.id, first_name=name, language=language, **details)  # type: ignore[arg-type]
    await user.send("/start")
    return user


async def parent_of(harness: BotHarness, user: SimUser):
    person = await harness.services.people.identify(user.id)
    assert person is not None
    return await harness.services.parents.get(person.id)


async def signals_of(harness: BotHarness, user: SimUser) -> list[tuple[str, int]]:
    person = await harness.services.people.identify(user.id)
    assert person is not None
    async with harness.services.db.read() as tx:
        rows = await tx.fetch_all(
            "SELECT kind, urgent FROM signals WHERE parent_id = ? ORDER BY id", (person.id,)
        )
    return [(row["kind"], row["urgent"]) for row in rows]


async def test_help_now_lists_numbers_and_asks_a_professional_once(harness: BotHarness) -> None:
    fatima = await registered(harness)
    province = harness.coordinator()
    await fatima.tap("🆘 Nu hulp")
    text = fatima.last.text
    assert "Bel dan nu 112" in text
    assert "Veilig Thuis: 0800-2000" in text
    assert "0800-0113 · https://www.113.nl" in text
    assert "In Groningen" in text
    assert "Voorbeeld: WIJ-team in je wijk (voorbeeld): 050-0000000" in text

    await fatima.tap("🙋 Ik wil dat een hulpverlener mij belt of schrijft")
    assert "binnen één werkdag contact" in fatima.last.text
    assert "Een coördinator van Groningen" in fatima.last.text
    assert await signals_of(harness, fatima) == [(SignalKind.URGENT_HELP.value, 1)]
    assert province.messages, "the coordinators are told"

    await fatima.tap("🏠 Menu")
    await fatima.tap("🆘 Nu hulp")
    await fatima.tap("🙋 Ik wil dat een hulpverlener mij belt of schrijft")
    assert "Je hebt dit al gevraagd" in fatima.last.text
    assert len(await signals_of(harness, fatima)) == 1


async def test_help_now_speaks_the_parents_language_with_dutch_fallback(
    harness: BotHarness,
) -> None:
    james = await registered(harness, "James", "en", municipality="eemsdelta", neighbourhood=None)
    await james.tap("🆘 Help now")
    text = james.last.text
    assert "Free, day and night." in text  # national entries have English descriptions
    assert "(example)" in text
    assert "VOORBEELD — vervang dit" in text  # the local entry is only in Dutch


async def test_tip_of_the_week_follows_the_pregnancy_and_then_the_baby(
    harness: BotHarness,
) -> None:
    fatima = await registered(harness, due_in_days=20 * 7)  # 20 weeks pregnant
    tips = harness.services.tips
    pregnancy_tip = tips.get(Stage(Track.PREGNANCY, 20), "nl")
    await fatima.tap("💡 Tip van deze week")
    assert pregnancy_tip.title in fatima.last.text

    await fatima.tap("🏠 Menu")
    await fatima.tap("⚙️ Instellingen")
    await fatima.tap("👶 Mijn baby is geboren")
    assert "Wanneer is je baby geboren?" in fatima.last.text
    await fatima.send("1 januari 2030")
    assert "in de toekomst" in fatima.last.text
    yesterday = harness.services.parents.today() - timedelta(days=1)
    await fatima.send(yesterday.strftime("%d-%m-%Y"))
    assert "Gefeliciteerd met je baby" in fatima.last.text

    await fatima.tap("💡 Tip van deze week")
    baby_tip = tips.get(Stage(Track.BABY, 0), "nl")
    assert baby_tip.title in fatima.last.text
    assert pregnancy_tip.title not in fatima.last.text
    parent = await parent_of(harness, fatima)
    assert parent.phase is Phase.BABY and parent.birth_date == yesterday


async def test_tip_in_the_wish_phase_and_in_arabic(harness: BotHarness) -> None:
    amina = await registered(harness, "Amina", "ar", phase=Phase.WISH)
    await amina.tap("💡 نصيحة هذا الأسبوع")
    assert harness.services.tips.get(Stage(Track.WISH, 1), "ar").title in amina.last.text


async def test_my_buddy_with_and_without_a_match(harness: BotHarness) -> None:
    fatima = await registered(harness)
    await fatima.tap("🤝 Mijn buddy")
    assert "Je hebt nog geen buddy" in fatima.last.text
    bram = harness.user("Bram", "nl")
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    person = await harness.services.people.identify(fatima.id)
    assert person is not None
    await match(harness, parent=person, buddy=buddy)
    await fatima.tap("🏠 Menu")
    await fatima.tap("🤝 Mijn buddy")
    assert "Je buddy is Bram" in fatima.last.text
    assert "💬 Vraag het mijn buddy" in fatima.visible_buttons()


async def test_settings_checkins_time_pause_and_language(harness: BotHarness) -> None:
    fatima = await registered(harness)
    await fatima.tap("⚙️ Instellingen")
    assert "Vragen hoe het gaat: elke week" in fatima.last.text
    await fatima.tap("🗓 Hoe vaak")
    await fatima.tap("om de week")
    assert "Vragen hoe het gaat: om de week" in fatima.last.text
    await fatima.tap("🕘 Tijd van de dag")
    assert "✅ ochtend (09:30)" in fatima.visible_buttons()
    await fatima.tap("avond (19:30)")
    await fatima.tap("⏸ Berichten op pauze")
    assert "3 weken" in fatima.visible_buttons()
    await fatima.tap("3 weken")
    first_day_back = harness.services.parents.today() + timedelta(weeks=3)
    assert "Ik stuur je niets tot 14 december 2026" in fatima.last.text
    parent = await parent_of(harness, fatima)
    assert parent.checkin_frequency is CheckinFrequency.BIWEEKLY
    assert parent.preferred_time is TimeOfDay.EVENING
    assert parent.paused_until == first_day_back

    await fatima.tap("⏸ Berichten op pauze")
    await fatima.tap("▶️ Berichten weer aan")
    assert "Berichten staan weer aan" in fatima.last.text
    assert (await parent_of(harness, fatima)).paused_until is None

    await fatima.tap("🌐 Taal")
    await fatima.tap("English")
    assert "What would you like to do?" in fatima.last.text
    assert (await parent_of(harness, fatima)).language == "en"


async def test_stop_and_come_back(harness: BotHarness) -> None:
    fatima = await registered(harness)
    parent = await parent_of(harness, fatima)
    await fatima.tap("⚙️ Instellingen")
    await fatima.tap("🛑 Stoppen met Kansrijk")
    assert "Waarom wil je stoppen?" in fatima.last.text
    await fatima.tap("Te veel berichten")
    assert "Je bent gestopt" in fatima.last.text
    stopped = await parent_of(harness, fatima)
    assert stopped.stopped

    await fatima.send("hallo?")
    assert "Wil je weer beginnen?" in fatima.last.text
    await fatima.send("/start")
    assert "Welkom terug" in fatima.last.text
    assert not (await parent_of(harness, fatima)).stopped
    assert parent.person_id == stopped.person_id


async def test_a_pregnancy_that_ended_gets_a_gentle_path(harness: BotHarness) -> None:
    fatima = await registered(harness)
    bram = harness.user("Bram", "nl")
    buddy = await add_buddy(harness, bram.id, display_name="Bram")
    person = await harness.services.people.identify(fatima.id)
    assert person is not None
    await match(harness, parent=person, buddy=buddy)

    await fatima.tap("⚙️ Instellingen")
    await fatima.tap("Mijn zwangerschap is gestopt")
    assert "Neem alle tijd" in fatima.last.text
    await fatima.tap("Ja, mijn zwangerschap is gestopt")
    assert "geen tips over zwangerschap meer" in fatima.last.text
    await fatima.tap("Ja, een hulpverlener mag contact opnemen")
    assert "Een coördinator van Groningen neemt snel contact" in fatima.last.text
    assert await signals_of(harness, fatima) == [(SignalKind.PREGNANCY_ENDED.value, 0)]
    await fatima.tap_data(AfterLoss(LossStep.BUDDY).pack())  # her buddy too, please
    assert "Ik heb het aan Bram laten weten" in fatima.last.text
    assert bram.messages, "Bram is asked to get in touch"
    async with harness.services.db.read() as tx:
        alerts = await tx.fetch_all("SELECT kind FROM alerts WHERE parent_id = ?", (person.id,))
    assert [row["kind"] for row in alerts] == [AlertKind.WANTS_CONTACT.value]

    await fatima.tap("🏠 Menu")
    await fatima.tap("💡 Tip van deze week")
    assert "Er zijn nu geen tips" in fatima.last.text
    assert (await parent_of(harness, fatima)).phase is Phase.ENDED

    await fatima.tap("🏠 Menu")
    await fatima.tap("⚙️ Instellingen")
    assert "Mijn zwangerschap is gestopt" not in fatima.visible_buttons()
    await fatima.tap("🤰 Ik ben zwanger")
    await fatima.tap("Ik weet de datum niet")
    await fatima.send("6")
    assert "tips over je zwangerschap" in fatima.last.text
    parent = await parent_of(harness, fatima)
    assert parent.phase is Phase.PREGNANT
    assert parent.due_date == harness.services.parents.today() + timedelta(weeks=34)


async def test_forged_parent_buttons_are_refused_for_others(harness: BotHarness) -> None:
    bram = harness.user("Bram", "nl")
    await add_buddy(harness, bram.id, display_name="Bram")
    await bram.send("/start")
    await bram.tap_data("Pv:export")
    assert bram.answers[-1].text == "Deze knop is niet voor jou. Hier is je menu."
    assert all(message.document is None for message in bram.messages)
    stranger = harness.user("Sam", "nl")
    await stranger.send("/help")
    await stranger.tap_data("Pm:settings")
    assert "Welkom bij Kansrijk" in stranger.last.text


async def test_birth_date_buttons_today(harness: BotHarness) -> None:
    fatima = await registered(harness)
    await fatima.tap("⚙️ Instellingen")
    await fatima.tap("👶 Mijn baby is geboren")
    await fatima.tap("Vandaag")
    parent = await parent_of(harness, fatima)
    assert parent.phase is Phase.BABY
    assert parent.birth_date == harness.services.parents.today()
