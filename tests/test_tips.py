"""Weekly tips: every tip exists in every language, the Dutch is easy to read, and each
parent gets the tip that fits where they are."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from textstat.textstat import textstatistics

from domain.tips import Stage, Tip, TipLibrary, TipLibraryError, Track, stage_for

TIPS_DIR = Path(__file__).resolve().parent.parent / "locales" / "tips"
REQUIRED_LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk")
ALL_KEYS = TipLibrary.all_stage_keys()

MIN_DOUMA_SCORE = 60
DUTCH_WORD_RANGE = range(40, 111)
MAX_TITLE_LENGTH = 40
# The bot HTML-escapes tips, so markup or links would show up literally.
NOT_PLAIN_TEXT = re.compile(r"[<>*_`\[\]]|https?://|www\.")

TODAY = date(2026, 3, 15)


@pytest.fixture(scope="module")
def library() -> TipLibrary:
    return TipLibrary.load(TIPS_DIR)


@pytest.fixture(scope="module")
def dutch() -> textstatistics:
    # An own instance, so the language setting does not leak into textstat's global one.
    stats = textstatistics()
    stats.set_lang("nl")
    return stats


def flesch_douma(text: str, stats: textstatistics) -> float:
    """Flesch-Douma reading ease for Dutch (Douma, 1960).

    206.84 - 0.77 x syllables per 100 words - 0.93 x words per sentence. textstat 0.7.x
    uses these constants for "nl" too (206.835, 77 per syllable per word, 0.93), but the
    formula is written out so the threshold does not depend on textstat's settings; the
    counting is textstat's: pyphen's nl_NL syllables, and sentences of three words or more.
    """
    words: int = stats.lexicon_count(text)
    syllables: int = stats.syllable_count(text)
    sentences: int = stats.sentence_count(text)
    syllables_per_100_words = 100 * syllables / words
    words_per_sentence = words / sentences
    return 206.84 - 0.77 * syllables_per_100_words - 0.93 * words_per_sentence


def as_message(tip: Tip) -> str:
    """Title and text as one piece of prose; the title counts as a sentence of its own."""
    title = tip.title if tip.title.endswith((".", "!", "?")) else f"{tip.title}."
    return f"{title}\n{tip.text}"


def stage_of(key: str) -> Stage:
    track, number = key.split(".")
    return Stage(Track(track), int(number))


# ---------------------------------------------------------------- coverage and form


def test_every_language_file_has_every_tip(library: TipLibrary) -> None:
    assert {"nl", "en"} <= set(library.languages)
    assert library.missing(library.languages, ALL_KEYS) == []


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_required_language_is_complete(library: TipLibrary, language: str) -> None:
    assert library.missing([language], ALL_KEYS) == []


def test_titles_and_texts_are_short_plain_text(library: TipLibrary) -> None:
    for language in library.languages:
        for key in ALL_KEYS:
            tip = library.get(stage_of(key), language, fallback=language)
            where = f"{language}:{key}"
            assert tip.title and tip.text, where
            assert len(tip.title) <= MAX_TITLE_LENGTH, where
            assert not NOT_PLAIN_TEXT.search(tip.title + tip.text), where


@pytest.mark.parametrize("key", ALL_KEYS)
def test_dutch_tip_is_easy_to_read(library: TipLibrary, dutch: textstatistics, key: str) -> None:
    tip = library.get(stage_of(key), "nl")
    score = flesch_douma(as_message(tip), dutch)
    assert score >= MIN_DOUMA_SCORE, f"{key}: Flesch-Douma {score:.1f}"


@pytest.mark.parametrize("key", ALL_KEYS)
def test_dutch_tip_has_a_readable_length(
    library: TipLibrary, dutch: textstatistics, key: str
) -> None:
    words = dutch.lexicon_count(library.get(stage_of(key), "nl").text)
    assert words in DUTCH_WORD_RANGE, f"{key}: {words} words"


def test_douma_scores_plain_dutch_high_and_officialese_low(dutch: textstatistics) -> None:
    plain = "Je baby slaapt op de rug. Leg geen kussen in bed. Zo slaapt je baby veilig."
    officialese = (
        "Overeenkomstig de geldende richtlijnen inzake zuigelingenzorg dient de verzorgende "
        "ouder ervoor zorg te dragen dat de slaapomgeving vrij blijft van beddengoed."
    )
    assert flesch_douma(plain, dutch) > 80
    assert flesch_douma(officialese, dutch) < 30


# ---------------------------------------------------------------- the library


def write_tips(directory: Path, language: str, body: str) -> None:
    directory.mkdir(exist_ok=True)
    (directory / f"{language}.toml").write_text(body, encoding="utf-8")


def test_get_falls_back_to_dutch_and_then_fails(tmp_path: Path) -> None:
    write_tips(tmp_path, "nl", '[wish.1]\ntitle = "Titel"\ntext = """\nTekst.\n"""\n')
    write_tips(tmp_path, "en", '[wish.2]\ntitle = "Title"\ntext = "Text."\n')
    library = TipLibrary.load(tmp_path)

    assert library.languages == ("en", "nl")
    assert library.get(Stage(Track.WISH, 2), "en") == Tip("wish.2", "Title", "Text.")
    assert library.get(Stage(Track.WISH, 1), "en") == Tip("wish.1", "Titel", "Tekst.")
    with pytest.raises(KeyError):
        library.get(Stage(Track.WISH, 3), "en")


def test_missing_names_language_and_key(tmp_path: Path) -> None:
    write_tips(tmp_path, "nl", '[wish.1]\ntitle = "Titel"\ntext = "Tekst."\n')
    library = TipLibrary.load(tmp_path)

    assert library.missing(["nl", "ar"], ["wish.1", "wish.2"]) == [
        "nl:wish.2",
        "ar:wish.1",
        "ar:wish.2",
    ]


@pytest.mark.parametrize(
    "body",
    [
        '[pregnancy.5]\ntitle = "Oneven week"\ntext = "Bestaat niet."\n',
        '[wish.1]\ntitle = "Geen tekst"\n',
        '[wish.1]\ntitle = "Lege tekst"\ntext = "  "\n',
        '[wish.1]\ntitle = "Tikfout"\ntxt = "Tekst."\ntext = "Tekst."\n',
        'title = "Geen tabel"\n',
        "[wish.1\n",
    ],
    ids=["unknown key", "no text", "empty text", "unknown field", "not a table", "bad toml"],
)
def test_invalid_tip_files_are_refused(tmp_path: Path, body: str) -> None:
    write_tips(tmp_path, "nl", body)
    with pytest.raises(TipLibraryError):
        TipLibrary.load(tmp_path)


def test_all_stage_keys_cover_the_programme() -> None:
    assert len(ALL_KEYS) == 6 + 20 + 24
    assert ALL_KEYS[:2] == ("wish.1", "wish.2")
    assert "pregnancy.4" in ALL_KEYS and "pregnancy.42" in ALL_KEYS
    assert "pregnancy.5" not in ALL_KEYS and "pregnancy.44" not in ALL_KEYS
    assert ALL_KEYS[-1] == "baby.23"


def test_stage_key_and_validation() -> None:
    assert Stage(Track.PREGNANCY, 12).key == "pregnancy.12"
    for track, number in [(Track.WISH, 0), (Track.PREGNANCY, 13), (Track.BABY, 24)]:
        with pytest.raises(ValueError):
            Stage(track, number)


# ---------------------------------------------------------------- which stage a parent is in


def pregnant(due_in_days: int) -> Stage | None:
    return stage_for(
        phase="pregnant",
        today=TODAY,
        due_date=TODAY + timedelta(days=due_in_days),
        birth_date=None,
    )


def baby(born: date, today: date = TODAY) -> Stage | None:
    return stage_for(phase="baby", today=today, due_date=None, birth_date=born)


def wish(weeks: int) -> Stage | None:
    return stage_for(
        phase="wish", today=TODAY, due_date=None, birth_date=None, weeks_in_wish_phase=weeks
    )


@pytest.mark.parametrize(
    ("due_in_days", "week"),
    [
        (20 * 7, 20),  # due in 20 weeks
        (19 * 7, 20),  # 21 weeks: rounded down to even
        (17 * 7, 22),  # 23 weeks
        (20 * 7 + 1, 18),  # 19 weeks and 6 days: completed weeks count
        (0, 40),  # due today
        (-6, 40),  # 40 weeks and 6 days
        (-7, 40),  # 41 weeks
        (-14, 42),  # 2 weeks past the due date
        (-30, 42),  # clamped
        (36 * 7, 4),  # 4 weeks
        (39 * 7, 4),  # 1 week: clamped
        (60 * 7, 4),  # implausible due date: clamped
    ],
)
def test_pregnancy_week_from_due_date(due_in_days: int, week: int) -> None:
    assert pregnant(due_in_days) == Stage(Track.PREGNANCY, week)


@pytest.mark.parametrize(
    ("born", "month"),
    [
        (TODAY, 0),  # born today
        (TODAY + timedelta(days=3), 0),  # birth date in the future: clamped
        (date(2026, 2, 16), 0),  # a day short of one month
        (date(2026, 2, 15), 1),
        (date(2024, 4, 15), 23),  # 23 months
        (date(2024, 3, 16), 23),  # the day before the second birthday
    ],
)
def test_baby_month_in_completed_months(born: date, month: int) -> None:
    assert baby(born) == Stage(Track.BABY, month)


def test_baby_tips_stop_at_two_years() -> None:
    assert baby(date(2024, 3, 15)) is None
    assert baby(date(2023, 1, 1)) is None


def test_month_ends_count_as_a_full_month() -> None:
    born = date(2027, 1, 31)
    assert baby(born, today=date(2027, 2, 27)) == Stage(Track.BABY, 0)
    assert baby(born, today=date(2027, 2, 28)) == Stage(Track.BABY, 1)
    assert baby(born, today=date(2027, 3, 30)) == Stage(Track.BABY, 1)
    assert baby(born, today=date(2027, 3, 31)) == Stage(Track.BABY, 2)


def test_wish_series_cycles() -> None:
    expected = [1, 2, 3, 4, 5, 6] * 2 + [1, 2]
    assert [wish(weeks) for weeks in range(14)] == [Stage(Track.WISH, n) for n in expected]


def test_ended_has_no_tip() -> None:
    assert stage_for(phase="ended", today=TODAY, due_date=TODAY, birth_date=TODAY) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"phase": "pregnant", "due_date": None, "birth_date": None},
        {"phase": "baby", "due_date": None, "birth_date": None},
        {"phase": "toddler", "due_date": None, "birth_date": TODAY},
        {"phase": "wish", "due_date": None, "birth_date": None, "weeks_in_wish_phase": -1},
    ],
    ids=["pregnant without due date", "baby without birth date", "unknown phase", "negative"],
)
def test_impossible_input_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        stage_for(today=TODAY, **kwargs)  # type: ignore[arg-type]
