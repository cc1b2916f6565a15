"""Property-based fuzzing: random updates for every role through the real Application.

Whatever arrives — texts, commands, deep links, taps on visible or forged buttons,
media, edits — the bot must not raise, must answer every callback query and must not
break a Bot API rule (the fake Telegram raises on a violation at the step that broke it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import add_buddy, add_parent, match
from tests.fake_telegram import SimUser
from tests.harness import BotHarness

COMMANDS = [
    "/start",
    "/help",
    "/language",
    "/cancel",
    "/start ref_unknown",
    "/start buddy_forged",
    "/start coord_forged",
    "/report",
    "/audit",
    "/families",
    "/log",
    "/signals",
    "/invite",
    "/broadcast",
    "/activities",
    "/match",
    "/mydata",
    "/settings",
    "/nonsense",
    "/start x" * 3,
]
TEXTS = st.one_of(
    st.text(min_size=1, max_size=60).filter(lambda text: text.strip() != ""),
    st.sampled_from(["ja", "nee", "12-03-2027", "31-02-2027", "gisteren", "Beijum", "0", "999"]),
    st.text(alphabet="<>&\"'/\\*_`[]", min_size=1, max_size=20),
)
CALLBACK_GARBAGE = st.one_of(
    st.text(min_size=1, max_size=64).filter(lambda data: len(data.encode()) <= 64),
    st.from_regex(r"[a-z]{1,4}(:[0-9~a-z]{1,6}){0,5}", fullmatch=True),
)


@dataclass(frozen=True)
class Action:
    kind: str
    value: object = None

    async def perform(self, user: SimUser) -> None:
        if self.kind == "text" or self.kind == "command":
            await user.send(str(self.value))
        elif self.kind == "tap":
            labels = user.visible_buttons() if user.messages else []
            if labels:
                await user.tap(labels[int(self.value) % len(labels)])
            else:
                await user.send("/start")
        elif self.kind == "forged":
            await user.tap_data(str(self.value))
        elif self.kind == "mutated":
            buttons = [b for m in user.messages for row in m.buttons for b in row]
            if buttons:
                data = str(buttons[int(self.value) % len(buttons)].value)
                await user.tap_data(_mutate(data, int(self.value)))
        elif self.kind == "sticker":
            await user.send_sticker()
        elif self.kind == "photo":
            await user.send_photo()
        elif self.kind == "location":
            await user.send_location(53.2, 6.56)
        elif self.kind == "edit":
            await user.send("/help")  # something to edit, whatever came before
            await user.edit_last(str(self.value))


def _mutate(data: str, seed: int) -> str:
    """Change one number in the callback data (another family's id, an old item…)."""
    parts = data.split(":")
    for index in range(len(parts) - 1, 0, -1):
        if parts[index].lstrip("-").isdigit():
            parts[index] = str(int(parts[index]) + 1 + seed % 50)
            return ":".join(parts)
    return data + ":1"


ACTIONS = st.one_of(
    st.builds(Action, st.just("text"), TEXTS),
    st.builds(Action, st.just("command"), st.sampled_from(COMMANDS)),
    st.builds(Action, st.just("tap"), st.integers(0, 50)),
    st.builds(Action, st.just("tap"), st.integers(0, 50)),
    st.builds(Action, st.just("tap"), st.integers(0, 50)),
    st.builds(Action, st.just("forged"), CALLBACK_GARBAGE),
    st.builds(Action, st.just("mutated"), st.integers(0, 100)),
    st.builds(Action, st.just("sticker")),
    st.builds(Action, st.just("photo")),
    st.builds(Action, st.just("location")),
    st.builds(Action, st.just("edit"), TEXTS),
)

Persona = Callable[[BotHarness], Awaitable[SimUser]]


async def stranger(harness: BotHarness) -> SimUser:
    return harness.user("Stranger", "en")


async def parent(harness: BotHarness) -> SimUser:
    user = harness.user("Fatima", "ar")
    person = await add_parent(harness, user.id, language="ar")
    buddy_user = harness.user("Bram", "nl")
    buddy = await add_buddy(harness, buddy_user.id)
    await match(harness, parent=person, buddy=buddy)
    return user


async def buddy(harness: BotHarness) -> SimUser:
    user = harness.user("Bram", "nl")
    buddy_person = await add_buddy(harness, user.id)
    for offset in range(2):
        family = harness.user(f"Family{offset}", "nl")
        await match(harness, parent=await add_parent(harness, family.id), buddy=buddy_person)
    return user


async def coordinator(harness: BotHarness) -> SimUser:
    for offset in range(3):
        await add_parent(harness, harness.user(f"Parent{offset}", "nl").id)
    return harness.coordinator()


PERSONAS: dict[str, Persona] = {
    "stranger": stranger,
    "parent": parent,
    "buddy": buddy,
    "coordinator": coordinator,
}


@pytest.mark.parametrize("role", PERSONAS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(actions=st.lists(ACTIONS, min_size=1, max_size=12))
async def test_random_updates_never_break_the_bot(
    harness: BotHarness, role: str, actions: list[Action]
) -> None:
    errors = harness.errors
    key = f"fuzz-user-{role}"
    user = harness.personas.get(key)
    if user is None:
        user = harness.personas[key] = await PERSONAS[role](harness)
    for action in actions:
        harness.clock.advance(seconds=30)  # no flood control between examples' steps
        await action.perform(user)
    assert errors == [], f"unhandled errors after {actions}: {errors}"
