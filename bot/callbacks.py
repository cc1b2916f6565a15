"""Typed, compact callback data: one codec for every inline button.

Declare a button's payload as a frozen dataclass with a short, unique prefix::

    @dataclass(frozen=True)
    class FamilyAction(CallbackData, prefix="fa"):
        parent_id: int
        action: str

    FamilyAction(parent_id=7, action="log").pack()  ->  "fa:7:log"
    CallbackQueryHandler(on_family, pattern=FamilyAction.matches)
    FamilyAction.unpack(query.data)

Fields may be ``str`` (no ':'), ``int``, ``bool``, a ``StrEnum`` or ``None``-able
versions of these. Packing checks Telegram's 64-byte limit. Handlers match on this data,
never on a button's (translated) label, and re-check on the server whatever it names.

Trailing fields with a default are left out while they hold it, and a missing one reads
as its default: a field added later (such as ``page: int = 0``) keeps the buttons already
sent working and their data as it was::

    OpenFamily(parent_id=7).pack()          ->  "fa:7"
    OpenFamily(parent_id=7, page=2).pack()  ->  "fa:7:2"
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from enum import StrEnum
from typing import Any, ClassVar, Self

MAX_BYTES = 64
SEPARATOR = ":"
NONE_TOKEN = "~"

_registry: dict[str, type[CallbackData]] = {}


class InvalidCallbackData(ValueError):
    """Data that does not decode to the expected button (stale, forged or garbled)."""


class CallbackData:
    prefix: ClassVar[str]

    def __init_subclass__(cls, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not prefix or SEPARATOR in prefix:
            raise ValueError(f"bad callback prefix {prefix!r}")
        if prefix in _registry and _registry[prefix].__qualname__ != cls.__qualname__:
            raise ValueError(f"callback prefix {prefix!r} used by {_registry[prefix]} already")
        cls.prefix = prefix
        _registry[prefix] = cls

    def pack(self) -> str:
        fields = list(dataclasses.fields(self))  # type: ignore[arg-type]
        while fields and getattr(self, fields[-1].name) == _default(fields[-1]):
            fields.pop()  # a trailing default is left out (and read back as the default)
        parts = [self.prefix, *(_encode(getattr(self, f.name), f.name) for f in fields)]
        data = SEPARATOR.join(parts)
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def matches(cls, data: object) -> bool:
        """For ``CallbackQueryHandler(pattern=...)``: is this our prefix?"""
        return isinstance(data, str) and data.split(SEPARATOR, 1)[0] == cls.prefix

    @classmethod
    def unpack(cls, data: object) -> Self:
        if not isinstance(data, str) or not cls.matches(data):
            raise InvalidCallbackData(repr(data))
        raw_values = data.split(SEPARATOR)[1:]
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        given, left_out = fields[: len(raw_values)], fields[len(raw_values) :]
        if len(raw_values) > len(fields) or any(_default(f) is _NO_DEFAULT for f in left_out):
            raise InvalidCallbackData(repr(data))
        hints = _type_hints(cls)
        try:
            values = {
                field.name: _decode(raw, hints[field.name])
                for field, raw in zip(given, raw_values, strict=True)
            }
            return cls(**values)
        except (ValueError, TypeError) as error:
            raise InvalidCallbackData(repr(data)) from error


_NO_DEFAULT = object()


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    # Resolving the annotations evaluates strings: once per class, not once per tap.
    return typing.get_type_hints(cls)


def _default(field: dataclasses.Field[Any]) -> object:
    if field.default is not dataclasses.MISSING:
        return field.default
    return _NO_DEFAULT


def _encode(value: object, name: str) -> str:
    if value is None:
        return NONE_TOKEN
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if SEPARATOR in value or value == NONE_TOKEN:
            raise ValueError(f"callback field {name}={value!r} may not contain ':'")
        return value
    raise TypeError(f"callback field {name} has unsupported type {type(value).__name__}")


def _decode(raw: str, hint: Any) -> Any:
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in (
        typing.get_args(hint)
    )
    if optional:
        if raw == NONE_TOKEN:
            return None
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if hint is bool:
        if raw not in ("0", "1"):
            raise ValueError(raw)
        return raw == "1"
    if hint is int:
        if not raw.lstrip("-").isdigit():
            raise ValueError(raw)
        return int(raw)
    if hint is str:
        return raw
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint(raw)
    raise TypeError(f"unsupported callback field type {hint!r}")
