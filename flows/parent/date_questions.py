"""The questions for a due date or a birth date, and why a typed date does not fit.
Shared by onboarding and the settings' phase changes."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from bot.context import KansrijkContext
from domain.dates import DateProblem, DateRejected

# The examples are plausible dates, so nobody copies an impossible one.
DUE_EXAMPLE_AHEAD = timedelta(days=140)
BIRTH_EXAMPLE_AGO = timedelta(days=14)


class DateQuestion(StrEnum):
    DUE = "due"
    BIRTH = "birth"


def example(context: KansrijkContext, question: DateQuestion) -> str:
    today = context.services.parents.today()
    if question is DateQuestion.DUE:
        return (today + DUE_EXAMPLE_AHEAD).strftime("%d-%m-%Y")
    return (today - BIRTH_EXAMPLE_AGO).strftime("%d-%m-%Y")


def ask_date(context: KansrijkContext, question: DateQuestion) -> str:
    _ = context.t.gettext
    if question is DateQuestion.DUE:
        return _(
            "When is your baby due? Type the date, for example {example}.\n\n"
            "Don't know the date yet? Tap the button."
        ).format(example=example(context, question))
    return _("When was your baby born? Type the date, for example {example}.").format(
        example=example(context, question)
    )


def ask_weeks(context: KansrijkContext) -> str:
    _ = context.t.gettext
    return _("No problem. About how many weeks pregnant are you? Type a number, for example 10.")


def weeks_problem(context: KansrijkContext) -> str:
    _ = context.t.gettext
    return _("Please type only a number from 1 to 42, for example 10.")


def date_problem(context: KansrijkContext, rejected: DateRejected, question: DateQuestion) -> str:
    """Why a typed date cannot be used, in plain words."""
    _ = context.t.gettext
    problem = rejected.problem
    if problem is DateProblem.IMPOSSIBLE:
        return _("That date does not exist. Please check the day and the month.")
    if problem is DateProblem.TOO_FAR_AHEAD:
        return _("That date is more than 42 weeks from now. A pregnancy is not that long.")
    if problem is DateProblem.TOO_LONG_AGO and question is DateQuestion.DUE:
        return _(
            "That date is more than 4 weeks ago. Please check it. Is your baby already"
            " born? Then tap the button below."
        )
    if problem is DateProblem.TOO_LONG_AGO:
        return _(
            "That is more than 2 years ago. Kansrijk is for the first 1000 days, until a"
            " child is 2 years old."
        )
    if problem is DateProblem.IN_THE_FUTURE:
        return _("That date is in the future. Please type the day your baby was born.")
    return _("I could not read that date. Please type it like this: {example}").format(
        example=example(context, question)
    )
