"""Invite links for coordinators and buddies, the coordinator's registration with one,
and referral links for professionals with a QR code and the registrations they bring."""

from __future__ import annotations

import io
import re

from PIL import Image

from domain.parents import Phase
from domain.people import Role
from storage.repositories.parents import ParentRepository
from storage.repositories.people import PeopleRepository
from tests.harness import BotHarness


def link_in(text: str, prefix: str) -> str:
    found = re.search(rf"https://t\.me/kansrijk_test_bot\?start={prefix}(\S+)", text)
    assert found, text
    return found.group(1)


async def test_a_coordinator_invites_a_colleague_for_one_municipality(harness: BotHarness) -> None:
    coco = harness.coordinator("en")
    await coco.send("/invite")
    await coco.tap("Invite a coordinator")
    assert "The whole province" in coco.visible_buttons()
    await coco.tap("Westerkwartier")
    assert "new coordinator for Westerkwartier" in coco.last.text
    code = link_in(coco.last.text, "coord_")

    wendy = harness.user("Wendy", "en")
    await wendy.send(f"/start coord_{code}")
    assert "invited as a Kansrijke Start coordinator for Westerkwartier" in wendy.texts()[-2]
    await wendy.tap("Use “Wendy”")
    assert "You are registered as a coordinator" in wendy.texts()[-2]
    assert "Coordinator menu for Westerkwartier" in wendy.last.text
    coordinator = await harness.services.coordinators.get(
        (await harness.services.people.identify(wendy.id)).id
    )
    assert coordinator.municipality == "westerkwartier" and coordinator.display_name == "Wendy"

    someone = harness.user("Sam", "en")
    await someone.send(f"/start coord_{code}")
    assert "used already" in someone.last.text
    await someone.send("/start coord_forged-code")
    assert "does not work" in someone.last.text
    assert await harness.services.people.identify(someone.id) is None


async def test_invite_expires_and_names_are_checked(harness: BotHarness) -> None:
    coco = harness.coordinator("en")
    await coco.send("/invite")
    await coco.tap("Invite a coordinator")
    await coco.tap("The whole province")
    assert "for the whole province" in coco.last.text
    code = link_in(coco.last.text, "coord_")
    await coco.tap("« Back")
    await coco.tap("Invite a buddy")
    assert "The whole province" not in coco.visible_buttons()
    await coco.tap("Groningen")
    assert "new buddy in Groningen" in coco.last.text
    link_in(coco.last.text, "buddy_")

    late = harness.user("Laura", "en")
    harness.clock.advance(days=15)
    await late.send(f"/start coord_{code}")
    assert "expired" in late.last.text

    harness.clock.advance(minutes=1)
    await coco.send("/invite")
    await coco.tap("Invite a coordinator")
    await coco.tap("Groningen")
    newcomer = harness.user("Nina", "en")
    await newcomer.send(f"/start coord_{link_in(coco.last.text, 'coord_')}")
    await newcomer.send("N" * 61)
    assert "at most 60 characters" in newcomer.last.text
    await newcomer.send("Nina de Vries")
    person = await harness.services.people.identify(newcomer.id)
    assert person is not None and person.role is Role.COORDINATOR


async def test_referral_link_with_qr_code_counts_registrations(harness: BotHarness) -> None:
    coco = harness.coordinator("en")
    await coco.send("/invite")
    await coco.tap("Referral links for professionals")
    assert "no referral links" in coco.last.text
    await coco.tap("New referral link")
    await coco.tap("Midwife practice")
    await coco.send("Verloskundigen Beijum")
    await coco.tap("Groningen")
    qr, details = coco.messages[-2:]
    assert qr.document is not None and qr.document.filename.endswith(".png")
    image = Image.open(io.BytesIO(qr.document.content))
    assert image.format == "PNG"
    image.verify()
    assert "QR code for Verloskundigen Beijum" in qr.text
    assert "0 parents registered through this link." in details.text
    code = link_in(details.text, "ref_")

    link = await harness.services.referrals.resolve(code)
    assert link is not None and link.name == "Verloskundigen Beijum"
    assert await harness.services.referrals.resolve("unknown") is None
    now = harness.clock.now()
    async with harness.services.db.transaction() as tx:
        person = await PeopleRepository(tx).add(
            telegram_id=5001, role=Role.PARENT, language="nl", first_name="Mila", now=now
        )
        await ParentRepository(tx).add(
            person_id=person.id,
            phase=Phase.WISH,
            due_date=None,
            birth_date=None,
            municipality="groningen",
            neighbourhood=None,
            referral_link_id=link.id,
            now=now,
        )
    await coco.tap("« Back")
    assert "Verloskundigen Beijum · 1" in coco.visible_buttons()
    await coco.tap("Verloskundigen Beijum · 1")
    assert "1 parent registered through this link." in coco.last.text
    await coco.tap("Retire this link")
    assert "retired" in coco.last.text
    assert await harness.services.referrals.resolve(code) is None
