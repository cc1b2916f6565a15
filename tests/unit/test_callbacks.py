from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pytest

from bot.callbacks import CallbackData, InvalidCallbackData


class Colour(StrEnum):
    RED = "r"
    BLUE = "b"


@dataclass(frozen=True)
class Sample(CallbackData, prefix="tst"):
    item_id: int
    colour: Colour
    flag: bool
    note: str | None


def test_round_trip() -> None:
    data = Sample(item_id=42, colour=Colour.BLUE, flag=True, note=None)
    packed = data.pack()
    assert packed == "tst:42:b:1:~"
    assert Sample.unpack(packed) == data
    assert Sample.matches(packed)


@pytest.mark.parametrize(
    "garbage", ["tst:x:b:1:~", "tst:1:z:1:~", "tst:1:b:2:~", "tst:1:b", "other:1:b:1:~", None, 7]
)
def test_garbage_is_rejected(garbage: object) -> None:
    with pytest.raises(InvalidCallbackData):
        Sample.unpack(garbage)


def test_too_long_data_is_refused_when_packing() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        Sample(item_id=1, colour=Colour.RED, flag=False, note="é" * 40).pack()


def test_separator_in_text_is_refused() -> None:
    with pytest.raises(ValueError):
        Sample(item_id=1, colour=Colour.RED, flag=False, note="a:b").pack()


def test_prefixes_are_unique() -> None:
    with pytest.raises(ValueError, match="used by"):

        @dataclass(frozen=True)
        class Clash(CallbackData, prefix="tst"):
            value: int


@dataclass(frozen=True)
class Paged(CallbackData, prefix="tpg"):
    item_id: int
    page: int = 0
    note: str | None = None


def test_trailing_defaults_are_left_out_and_read_back() -> None:
    assert Paged(7).pack() == "tpg:7"
    assert Paged(7, page=2).pack() == "tpg:7:2"
    assert Paged(7, note="x").pack() == "tpg:7:0:x"
    # Data sent before the field existed still decodes, to the default.
    assert Paged.unpack("tpg:7") == Paged(7)
    assert Paged.unpack("tpg:7:2") == Paged(7, page=2)
    assert Paged.unpack("tpg:7:3:~") == Paged(7, page=3)


@pytest.mark.parametrize("garbage", ["tpg", "tpg:7:1:x:y", "tpg:7:z"])
def test_only_fields_with_a_default_may_be_left_out(garbage: str) -> None:
    with pytest.raises(InvalidCallbackData):
        Paged.unpack(garbage)
