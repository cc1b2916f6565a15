"""A new parent signs up, as they would through Telegram: one question at a time."""

from __future__ import annotations

from datetime import date

from domain.consent import Purpose
from domain.parents import Phase
from domain.referrals import SourceKind
from tests.fake_telegram import SimUser
from tests.harness import COORDINATOR_TELEGRAM_ID, BotHarness


async def parent_of(harness: BotHarness, user: SimUser):
    person = await harness.services.people.identify(user.id)
    assert person is not None, f"{user.first_name} is not registered"
    return await harness.services.parents.get(person.id)


async def count_people(harness: BotHarness, user: SimUser) -> int:
    async with harness.services.db.read() as tx:
        return await tx.fetch_value("SELECT COUNT(*) FROM people WHERE telegram_id = ?", (user.id,))


async def test_dutch_parent_signs_up_after_two_rejected_dates(harness: BotHarness) -> None:
    anna = harness.user("Anna", "nl")
    await anna.send("/start")
    assert "Welkom bij Kansrijk" in anna.last.text
    await anna.tap("Nederlands")
    assert "Wie ziet wat" in anna.last.text
    assert "Niemand ziet je telefoonnummer" in anna.last.text
    await anna.tap("Verder")
    assert "Mag ik je berichten sturen?" in anna.last.text

    await anna.send("ja hoor")  # text where a button is expected: asked again, with buttons
    assert "Tik op een van de knoppen" in anna.last.text
    assert anna.visible_buttons() == ["Ja, dat is goed", "Nee"]
    await anna.tap("Ja, dat is goed")
    await anna.tap("Ja, mijn buddy mag ze zien")
    await anna.tap("Nee")
    assert "Waar ben je nu?" in anna.last.text
    await anna.tap("Ik ben zwanger")
    assert "Wanneer ben je uitgerekend?" in anna.last.text

    await anna.send("31-02-2027")
    assert "Die datum bestaat niet" in anna.last.text
    assert "Wanneer ben je uitgerekend?" in anna.last.text
    await anna.send("12-03-2029")
    assert "meer dan 42 weken" in anna.last.text
    await anna.send("12 maart 2027")
    assert "In welke gemeente woon je?" in anna.last.text
    harness.clock.advance(seconds=30)  # a person takes a while (and flood control counts)

    await anna.tap("Groningen")
    assert "Beijum" in anna.visible_buttons()
    await anna.tap("Beijum")
    assert "Hoe mag ik je noemen?" in anna.last.text
    assert "Noem mij Anna" in anna.visible_buttons()
    await anna.send("Anna-Maria")
    summary = anna.last.text
    assert "Zwanger, uitgerekend op 12 maart 2027" in summary
    assert "Groningen, Beijum" in summary
    assert "Naam: Anna-Maria" in summary
    await anna.tap("Ja, dit klopt")
    assert "Je bent aangemeld" in anna.last.text
    assert "💬 Stel een vraag" in anna.visible_buttons()
    assert "🆘 Nu hulp" in anna.visible_buttons()

    parent = await parent_of(harness, anna)
    assert parent.phase is Phase.PREGNANT
    assert parent.due_date == date(2027, 3, 12)
    assert (parent.municipality, parent.neighbourhood) == ("groningen", "beijum")
    assert parent.first_name == "Anna-Maria"
    consents = await harness.services.parents.consents(parent.person_id)
    assert {purpose: c.granted for purpose, c in consents.items()} == {
        Purpose.MESSAGES: True,
        Purpose.SHARE_CHECKINS: True,
        Purpose.MONITORING: False,
    }
    assert {c.text_version for c in consents.values()} == {"2026-11-v1"}

    await anna.send("/start")
    assert "Wat wil je doen?" in anna.last.text
    assert await count_people(harness, anna) == 1


async def test_declining_messages_stores_nothing(harness: BotHarness) -> None:
    sam = harness.user("Sam", "en")
    await sam.send("/start")
    await sam.tap("English")
    await sam.tap("Continue")
    await sam.tap("No")
    assert "I have not stored anything" in sam.last.text
    assert await count_people(harness, sam) == 0


async def test_referral_link_records_its_source(harness: BotHarness) -> None:
    coordinator = await harness.services.people.identify(COORDINATOR_TELEGRAM_ID)
    assert coordinator is not None
    link = await harness.services.referrals.create(
        coordinator.id,
        municipality="groningen",
        source_kind=SourceKind.MIDWIFE,
        name="Verloskundigen Beijum",
    )
    fatima = harness.user("Fatima", "nl")
    await fatima.send(f"/start ref_{link.code}")
    await fatima.tap("Nederlands")
    await fatima.tap("Verder")
    await fatima.tap("Ja, dat is goed")
    await fatima.tap("Nee, alleen voor mij")
    await fatima.tap("Ja, dat is goed")
    await fatima.tap("Mijn baby is geboren")
    await fatima.send("20-11-2026")
    await fatima.tap("Groningen")
    await fatima.tap("Een andere / Ik weet het niet")
    await fatima.tap("Overslaan")
    assert "Naam: —" in fatima.last.text
    await fatima.tap("Ja, dit klopt")

    parent = await parent_of(harness, fatima)
    assert parent.referral_link_id == link.id
    assert parent.phase is Phase.BABY and parent.birth_date == date(2026, 11, 20)
    assert parent.neighbourhood is None and parent.first_name is None


async def test_unknown_referral_code_records_no_source(harness: BotHarness) -> None:
    omar = harness.user("Omar", "nl")
    await omar.send("/start ref_doesnotexist")
    await omar.tap("Nederlands")
    await omar.tap("Verder")
    await omar.tap("Ja, dat is goed")
    await omar.tap("Nee, alleen voor mij")
    await omar.tap("Nee")
    await omar.tap("Ik wil graag een kindje")
    await omar.tap("Eemsdelta")
    await omar.tap("Delfzijl")
    await omar.tap("Noem mij Omar")
    await omar.tap("Ja, dit klopt")
    parent = await parent_of(harness, omar)
    assert parent.referral_link_id is None
    assert parent.phase is Phase.WISH and parent.first_name == "Omar"


async def test_summary_can_be_corrected(harness: BotHarness) -> None:
    lena = harness.user("Lena", "nl")
    await lena.send("/start")
    for label in ["Nederlands", "Verder", "Ja, dat is goed", "Nee, alleen voor mij", "Nee"]:
        await lena.tap(label)
    await lena.tap("Ik ben zwanger")
    await lena.tap("Ik weet de datum niet")
    await lena.send("tien")
    assert "alleen een getal" in lena.last.text
    await lena.send("10")
    await lena.tap("Oldambt")
    await lena.tap("Winschoten")
    await lena.tap("Overslaan")
    assert "uitgerekend op 21 juni 2027" in lena.last.text

    harness.clock.advance(seconds=30)  # she reads the summary (and stays under flood control)
    await lena.tap("Iets veranderen")
    await lena.tap("Waar ik woon")
    await lena.tap("Groningen")
    await lena.tap("Lewenborg")
    assert "Groningen, Lewenborg" in lena.last.text  # straight back to the summary
    await lena.tap("Iets veranderen")
    await lena.tap("Mijn naam")
    await lena.send("x" * 41)
    assert "wat lang" in lena.last.text
    await lena.send("Lena")
    await lena.tap("Ja, dit klopt")
    parent = await parent_of(harness, lena)
    assert (parent.municipality, parent.neighbourhood, parent.first_name) == (
        "groningen",
        "lewenborg",
        "Lena",
    )


async def test_cancel_during_onboarding_keeps_nothing_and_start_begins_again(
    harness: BotHarness,
) -> None:
    noor = harness.user("Noor", "nl")
    await noor.send("/start")
    await noor.tap("Nederlands")
    await noor.tap("Verder")
    await noor.send("/cancel")
    assert "ik ben gestopt" in noor.texts()[-2]
    assert "Welkom bij Kansrijk" in noor.last.text
    assert await count_people(harness, noor) == 0


async def test_arabic_parent_signs_up_in_arabic_after_two_rejected_dates(
    harness: BotHarness,
) -> None:
    amina = harness.user("Amina", "ar")
    await amina.send("/start")
    assert "أي لغة تريد؟" in amina.last.text  # Telegram says Arabic: welcomed in Arabic
    await amina.tap("العربية")
    assert "من يرى ماذا" in amina.last.text
    assert "لا أحد يرى رقم هاتفك" in amina.last.text
    await amina.tap("متابعة")
    await amina.tap("نعم، لا بأس")
    await amina.tap("نعم، يمكن لرفيقي أن يراها")
    await amina.tap("لا")
    await amina.tap("وُلد طفلي")
    assert "متى وُلد طفلك؟" in amina.last.text

    await amina.send("١ يناير ٢٠٣٠")  # Arabic-Indic digits and an Arabic month name
    assert "هذا التاريخ في المستقبل" in amina.last.text
    await amina.send("1 آذار 2020")  # the Levantine name of March
    assert "قبل أكثر من سنتين" in amina.last.text
    await amina.send("٢٠ نوفمبر ٢٠٢٦")
    assert "في أي بلدية تسكن؟" in amina.last.text
    harness.clock.advance(seconds=30)

    await amina.tap("Groningen")
    await amina.tap("Selwerd")
    await amina.tap("نادِني Amina")
    summary = amina.last.text
    assert "اللغة: العربية" in summary
    assert "وُلد الطفل في 20 نوفمبر 2026" in summary
    assert "Groningen, Selwerd" in summary
    await amina.tap("نعم، هذا صحيح")
    assert "شكراً! لقد سجّلت" in amina.last.text
    assert "🆘 مساعدة الآن" in amina.visible_buttons()

    parent = await parent_of(harness, amina)
    assert parent.language == "ar"
    assert parent.phase is Phase.BABY and parent.birth_date == date(2026, 11, 20)
    assert parent.neighbourhood == "selwerd" and parent.first_name == "Amina"
