"""The coordinator's screens in Dutch, and what parents get from coordinators in their
own language."""

from __future__ import annotations

from tests.builders import add_parent
from tests.harness import BotHarness


async def test_dutch_menu_and_an_arabic_parent_gets_the_activity_in_arabic(
    harness: BotHarness,
) -> None:
    amina = harness.user("Amina", "ar")
    await add_parent(harness, amina.id, first_name="Amina", language="ar")
    coco = harness.coordinator("nl")
    await coco.send("/start")
    assert coco.last.text == "Coördinatormenu voor de provincie Groningen. Wat wil je doen?"
    assert "Gezinnen die wachten op een buddy (1)" in coco.visible_buttons()
    await coco.tap("Activiteiten")
    await coco.tap("Nieuwe activiteit")
    await coco.send("Koffieochtend")
    await coco.tap("Overslaan")
    await coco.send("12 december 10:00")
    await coco.send("Wijkcentrum")
    await coco.tap("8")
    await coco.tap("Groningen")
    await coco.tap("Heel Groningen")
    await coco.tap("Alle fases")
    await coco.tap("Alle talen")
    assert "zaterdag 12 december 2026" in coco.last.text
    await coco.tap("Opslaan en de ouders laten weten")
    assert "Aangemeld: 0" in coco.last.text
    assert amina.last.text.startswith("هناك نشاط جديد لك!")
    assert amina.visible_buttons() == ["سجّلني"]
    await amina.tap("سجّلني")
    assert "أنت مسجّل" in amina.last.text
