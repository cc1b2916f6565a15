"""Suggesting buddies for a waiting family: a pure ranking, explainable to a coordinator."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class BuddyCandidate:
    buddy_id: int
    display_name: str
    languages: frozenset[str]
    neighbourhoods: frozenset[str]
    caseload: int  # families the buddy supports right now


@dataclass(frozen=True, slots=True)
class Suggestion:
    candidate: BuddyCandidate
    shares_language: bool
    same_neighbourhood: bool


def rank_buddies(
    *, language: str | None, neighbourhood: str | None, candidates: Iterable[BuddyCandidate]
) -> list[Suggestion]:
    """Best first. A shared language matters most (the family must understand their
    buddy), then living in the same neighbourhood, then the lightest current caseload;
    the buddy id keeps the order stable for equal candidates."""
    suggestions = [
        Suggestion(
            candidate=candidate,
            shares_language=language is not None and language in candidate.languages,
            same_neighbourhood=neighbourhood is not None
            and neighbourhood in candidate.neighbourhoods,
        )
        for candidate in candidates
    ]
    return sorted(
        suggestions,
        key=lambda s: (
            not s.shares_language,
            not s.same_neighbourhood,
            s.candidate.caseload,
            s.candidate.buddy_id,
        ),
    )


@dataclass(frozen=True, slots=True)
class WaitingFamily:
    parent_id: int
    first_name: str | None
    municipality: str
    neighbourhood: str | None
    language: str | None
    waiting_since: datetime  # registration, or the end of their previous match


@dataclass(frozen=True, slots=True)
class MatchedFamily:
    match_id: int
    parent_id: int
    first_name: str | None
    municipality: str
    neighbourhood: str | None
    buddy_id: int
    buddy_name: str
    started_at: datetime


@dataclass(frozen=True, slots=True)
class BuddyProfile:
    buddy_id: int
    display_name: str
    municipality: str
    active: bool
