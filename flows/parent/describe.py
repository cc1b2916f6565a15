"""How a parent's details read in a sentence: their phase and where they live. Shared by
the onboarding summary and "My data"."""

from __future__ import annotations

from datetime import date

from bot.i18n import Translator
from domain.parents import Phase
from domain.settings import Settings


def phase_text(t: Translator, phase: Phase, due_date: date | None, birth_date: date | None) -> str:
    _ = t.gettext
    if phase is Phase.PREGNANT and due_date is not None:
        return _("Pregnant, due on {date}").format(date=t.date(due_date))
    if phase is Phase.BABY and birth_date is not None:
        return _("Baby born on {date}").format(date=t.date(birth_date))
    if phase is Phase.ENDED:
        return _("Pregnancy ended")
    return _("I would like to have a baby")


def place_text(settings: Settings, municipality: str, neighbourhood: str | None) -> str:
    place = settings.municipality_name(municipality)
    if neighbourhood:
        place += ", " + settings.neighbourhood_name(municipality, neighbourhood)
    return place
