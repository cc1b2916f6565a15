"""Long lists a page at a time: a buddy with many families, logs and waiting messages, a
coordinator with many waiting families and buddies to choose from, an activity with many
names to tick, a parent with many activities. "‹ Previous" / "Next ›" turn the page; a
page button that went stale (items went away) shows the last page there is. The fake
Telegram refuses a keyboard of more than 100 buttons, so any list left unbounded fails."""

from __future__ import annotations

from datetime import timedelta

from domain.activities import ActivityDraft
from domain.people import Person
from flows.buddy.callbacks import BuddyMenu, MenuAction
from flows.coordinator.callbacks import Menu, Section
from tests.builders import add_buddy, add_parent
from tests.e2e.test_buddies import buddy_with_families, config_coordinator, log_visit, send, tap
from tests.fake_telegram import SimUser
from tests.harness import BotHarness

NEXT, PREVIOUS = "Next ›", "‹ Previous"


def items(user: SimUser, marker: str) -> list[str]:
    """The labels of the list's own buttons on screen (those with ``marker``)."""
    return [label for label in user.visible_buttons() if marker in label]


async def test_a_buddy_pages_through_25_logs_and_a_stale_page_shows_the_last(
    harness: BotHarness,
) -> None:
    names = [f"Fam{n:02}" for n in range(1, 26)]
    bram, buddy, families = await buddy_with_families(harness, *names)
    logs = [await log_visit(harness, buddy, parent) for _, parent in families]

    await send(harness, bram, "/start")
    await tap(harness, bram, "🗂 My recent logs")
    assert "Your logs of the last 7 days" in bram.last.text
    assert "Page 1 of 4" in bram.last.text
    first = items(bram, "Fam")
    assert len(first) == 8 and "Fam25" in first[0]  # newest first
    assert bram.visible_buttons()[-2:] == [NEXT, "⬅️ Menu"]
    assert PREVIOUS not in bram.visible_buttons()

    await tap(harness, bram, NEXT)
    assert "Page 2 of 4" in bram.last.text
    second = items(bram, "Fam")
    assert ["Fam17" in second[0], "Fam10" in second[-1]] == [True, True]
    assert bram.visible_buttons()[-3:] == [PREVIOUS, NEXT, "⬅️ Menu"]
    await tap(harness, bram, PREVIOUS)
    assert "Page 1 of 4" in bram.last.text and items(bram, "Fam") == first
    for page in (2, 3, 4):
        await tap(harness, bram, NEXT)
        assert f"Page {page} of 4" in bram.last.text
    assert len(items(bram, "Fam")) == 1 and NEXT not in bram.visible_buttons()

    # An item from page 2 opens like any other.
    await tap(harness, bram, PREVIOUS, PREVIOUS)
    await tap(harness, bram, next(label for label in items(bram, "Fam") if "Fam14" in label))
    assert "Your contact with Fam14" in bram.last.text
    await tap(harness, bram, "✅ Done")

    # Page 3 is on screen; then 20 logs go away: its "Next ›" shows the only page left.
    await send(harness, bram, "/start")
    await tap(harness, bram, "🗂 My recent logs", NEXT, NEXT)
    assert "Page 3 of 4" in bram.last.text
    for contact in logs[5:]:
        await harness.services.contacts.delete(buddy.id, contact.id)
    await tap(harness, bram, NEXT)
    assert "Page" not in bram.last.text
    assert [label.split(" · ")[1] for label in items(bram, "Fam")] == [
        "Fam05",
        "Fam04",
        "Fam03",
        "Fam02",
        "Fam01",
    ]
    assert bram.visible_buttons()[-1] == "⬅️ Menu" and NEXT not in bram.visible_buttons()
    await bram.tap_data(BuddyMenu(MenuAction.LOGS, -3).pack())  # forged: the first page
    assert len(items(bram, "Fam")) == 5
    assert harness.errors == []


async def test_126_logs_of_a_week_no_longer_make_one_keyboard(harness: BotHarness) -> None:
    """What a benchmark found: one button a log made a keyboard Telegram refuses."""
    bram, buddy, families = await buddy_with_families(harness, "Fatima", "Sara")
    for number in range(126):
        await log_visit(harness, buddy, families[number % 2][1])

    await send(harness, bram, "/start")
    await tap(harness, bram, "🗂 My recent logs")
    assert "Page 1 of 16" in bram.last.text and len(bram.visible_buttons()) == 8 + 2
    await bram.tap_data(BuddyMenu(MenuAction.LOGS, 99).pack())  # past the end: the last
    assert "Page 16 of 16" in bram.last.text
    assert len(items(bram, " · ")) == 6 and bram.visible_buttons()[-2:] == [PREVIOUS, "⬅️ Menu"]


async def test_a_buddy_pages_through_families_and_the_family_to_log_for(
    harness: BotHarness,
) -> None:
    names = [f"Fam{n:02}" for n in range(1, 26)]
    bram, buddy, families = await buddy_with_families(harness, *names)

    await send(harness, bram, "/families")
    assert "Page 1 of 5" in bram.last.text
    first = [label for label in bram.visible_buttons() if label.startswith("Fam")]
    assert len(first) == 5 and all(name in bram.last.text for name in first)
    await tap(harness, bram, NEXT)
    second = [label for label in bram.visible_buttons() if label.startswith("Fam")]
    assert "Page 2 of 5" in bram.last.text and len(second) == 5 and set(first).isdisjoint(second)
    await tap(harness, bram, second[2])
    assert bram.last.text.startswith(second[2]) and "📝 Log a contact" in bram.visible_buttons()

    await send(harness, bram, "/start")
    await tap(harness, bram, "📝 Log a contact")
    assert "Which family was the contact with?" in bram.last.text
    assert "Page 1 of 4" in bram.last.text and len(items(bram, "Fam")) == 8
    await tap(harness, bram, NEXT)
    on_page_two = items(bram, "Fam")
    assert "Page 2 of 4" in bram.last.text and len(on_page_two) == 8
    await tap(harness, bram, on_page_two[-1])
    assert f"Contact with {on_page_two[-1]}" in bram.last.text
    assert "When was it?" in bram.last.text


async def test_a_family_card_pages_through_12_waiting_messages(harness: BotHarness) -> None:
    bram, buddy, [(_, fatima)] = await buddy_with_families(harness, "Fatima")
    for number in range(1, 13):
        await harness.services.questions.ask(fatima.id, f"Question number {number}?")
    await harness.deliver_due()  # each came to Bram on its own, with a Reply button

    await send(harness, bram, "/families")
    await tap(harness, bram, "Fatima")
    card = bram.last.text
    assert "Page 1 of 3" in card
    assert "Question number 5?" in card and "Question number 6?" not in card
    replies = items(bram, "↩️ Reply to message")
    assert replies == [f"↩️ Reply to message {n}" for n in range(1, 6)]
    assert bram.visible_buttons()[5:] == [
        NEXT,
        "📝 Log a contact",
        "✉️ Send a message",
        "⬅️ My families",
    ]
    await tap(harness, bram, NEXT)
    assert "Question number 6?" in bram.last.text and "Page 2 of 3" in bram.last.text
    assert items(bram, "↩️ Reply to message")[0] == "↩️ Reply to message 6"
    await tap(harness, bram, "↩️ Reply to message 7")
    assert "Type your answer to Fatima" in bram.last.text
    await send(harness, bram, "Here is my answer.")
    family = await harness.services.buddies.family(buddy.id, fatima.id)
    assert [w.text for w in family.waiting][5:7] == ["Question number 6?", "Question number 8?"]


async def test_a_coordinator_pages_through_waiting_families_and_many_buddies(
    harness: BotHarness,
) -> None:
    for number in range(1, 13):
        await add_buddy(harness, 6000 + number, display_name=f"Buddy{number:02}")
    for number in range(1, 21):
        await add_parent(harness, 5000 + number, first_name=f"Wait{number:02}")
        harness.clock.advance(minutes=1)

    coco = harness.coordinator("en")
    await send(harness, coco, "/waiting")
    assert "waiting for a buddy: 20" in coco.last.text and "Page 1 of 3" in coco.last.text
    assert len(items(coco, "·")) == 8 and coco.visible_buttons()[-2:] == [NEXT, "« Menu"]
    await tap(harness, coco, NEXT)
    assert "Page 2 of 3" in coco.last.text
    assert items(coco, "·")[0].startswith("Wait09")
    await tap(harness, coco, items(coco, "·")[0])
    # The family's suggested buddies, five a page, numbered in the whole list.
    assert "Lives in: Beijum, Groningen" in coco.last.text and "Page 1 of 3" in coco.last.text
    assert items(coco, ". Buddy") == [f"{n}. Buddy{n:02}" for n in range(1, 6)]
    await tap(harness, coco, NEXT)
    assert items(coco, ". Buddy") == [f"{n}. Buddy{n:02}" for n in range(6, 11)]
    assert "7. Buddy07: speaks their language, same neighbourhood" in coco.last.text
    await tap(harness, coco, NEXT)
    assert items(coco, ". Buddy") == ["11. Buddy11", "12. Buddy12"]
    assert NEXT not in coco.visible_buttons() and PREVIOUS in coco.visible_buttons()
    await tap(harness, coco, "12. Buddy12")
    assert "Match this family with Buddy12?" in coco.last.text
    await tap(harness, coco, "Yes, match them")
    assert "they are matched" in coco.last.text

    # Choosing another buddy pages the same way (without the current one).
    await send(harness, coco, "/start")
    await tap(harness, coco, "Families with a buddy")
    await tap(harness, coco, "Wait09 with Buddy12")
    await tap(harness, coco, "Choose another buddy")
    assert "Page 1 of 3" in coco.last.text
    await tap(harness, coco, NEXT)
    await tap(harness, coco, NEXT)
    assert items(coco, ". Buddy") == ["11. Buddy11"]

    # A page that no longer exists (19 families wait now): the last one.
    await coco.tap_data(Menu(Section.WAITING, 7).pack())
    assert "waiting for a buddy: 19" in coco.last.text and "Page 3 of 3" in coco.last.text
    assert len(items(coco, "·")) == 3 and coco.visible_buttons()[-2:] == [PREVIOUS, "« Menu"]
    assert harness.errors == []


async def _activities(harness: BotHarness, coordinator: Person, count: int) -> list[int]:
    """``count`` published activities in Beijum; the first starts tomorrow, the others
    in ten days."""
    now = harness.clock.now()
    ids = []
    for number in range(1, count + 1):
        starts = now + (timedelta(days=1) if number == 1 else timedelta(days=10, hours=number))
        draft = ActivityDraft(
            municipality="groningen",
            title=f"Activity {number:02}",
            description="",
            starts_at=starts,
            place="Buurthuis",
            capacity=20,
            audience_neighbourhood="beijum",
        )
        activity_id = await harness.services.activities.create(coordinator.id, draft)
        await harness.services.activities.publish(coordinator.id, activity_id)
        ids.append(activity_id)
    return ids


async def test_activities_and_the_names_to_tick_come_a_page_at_a_time(
    harness: BotHarness,
) -> None:
    coordinator = await config_coordinator(harness)
    first, *_ = await _activities(harness, coordinator, 10)
    parents = [harness.user(f"P{n:02}", "en") for n in range(1, 13)]
    for user in parents:
        parent = await add_parent(harness, user.id, first_name=user.first_name, language="en")
        await harness.services.activities.sign_up(parent.id, first)

    anna = parents[0]
    await send(harness, anna, "/start")
    await tap(harness, anna, "📅 Activities")
    assert "Page 1 of 2" in anna.last.text and len(items(anna, "Activity")) == 8
    await tap(harness, anna, NEXT)
    assert items(anna, "Activity")[-1].endswith("Activity 10")
    await tap(harness, anna, items(anna, "Activity")[-1])
    assert "Activity 10" in anna.last.text and "Sign me up" in anna.visible_buttons()
    await tap(harness, anna, "« All activities")
    assert "Page 1 of 2" in anna.last.text

    harness.clock.advance(days=2)  # the first activity is over
    coco = harness.coordinator("en")
    await send(harness, coco, "/start")
    await tap(harness, coco, "Activities")
    assert "Page 1 of 2" in coco.last.text
    await tap(
        harness, coco, next(label for label in items(coco, "Activity") if "Activity 01" in label)
    )
    assert "Who came?" in coco.last.text and "Page 1 of 2" in coco.last.text
    assert len(items(coco, "⬜")) == 8
    await tap(harness, coco, NEXT)
    names = items(coco, "⬜")
    assert len(names) == 4 and "Page 2 of 2" in coco.last.text
    await tap(harness, coco, names[1])
    # Ticking a name keeps its page.
    assert "Page 2 of 2" in coco.last.text
    assert "✅ " + names[1].removeprefix("⬜ ") in coco.visible_buttons()
    async with harness.services.db.read() as tx:
        assert await tx.fetch_value("SELECT COUNT(*) FROM activity_signups WHERE attended") == 1
    assert harness.errors == []
