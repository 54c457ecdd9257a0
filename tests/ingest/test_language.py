"""detect_language: ISO 639-1 codes for news text, robust to a few foreign-script tokens."""

from __future__ import annotations

import pytest

from incidex.ingest.language import detect_language

ENGLISH = (
    "Two guards were killed when gunmen opened fire on a checkpoint outside the town on "
    "Tuesday, police said. Officials have not named any suspects."
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ENGLISH, "en"),
        (
            "Deux gardes ont été tués mardi lorsque des hommes armés ont ouvert le feu sur un "
            "poste de contrôle à l'entrée de la ville, a indiqué la police.",
            "fr",
        ),
        (
            "Dos guardias murieron el martes cuando unos hombres armados abrieron fuego contra "
            "un puesto de control a las afueras de la ciudad, informó la policía.",
            "es",
        ),
        (
            "قُتل حارسان يوم الثلاثاء عندما فتح مسلحون النار على نقطة تفتيش خارج المدينة، "
            "بحسب ما أفادت الشرطة.",
            "ar",
        ),
        (
            "Двое охранников погибли во вторник, когда вооружённые люди открыли огонь по "
            "контрольно-пропускному пункту на окраине города, сообщила полиция.",
            "ru",
        ),
    ],
)
def test_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_english_with_foreign_script_furniture() -> None:
    text = f"বাংলা  ইংরেজি\n\n{ENGLISH}"
    assert detect_language(text) == "en"


def test_arabic_with_latin_acronyms() -> None:
    text = (
        "أعلن تنظيم ISIS مسؤوليته عن الهجوم الذي استهدف نقطة تفتيش للشرطة قرب المدينة "
        "يوم الثلاثاء، وفق بيان نشر على الإنترنت."
    )
    assert detect_language(text) == "ar"


@pytest.mark.parametrize("text", ["", "   ", "Hello there", "12345 67890 !!!", "Breaking news"])
def test_short_text_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_ascii_sample_takes_the_fast_path_with_the_same_result() -> None:
    """An ASCII text keeps all its words, re-joined by single spaces, as the general path does."""
    from incidex.ingest.language import _majority_script

    assert (
        _majority_script("Gunmen  attacked\na convoy.\t12 dead")
        == "Gunmen attacked a convoy. 12 dead"
    )
    assert _majority_script("12 34 -- !") == "12 34 -- !"
    assert _majority_script("Gunmen  attacked café") == "Gunmen attacked café"
