"""Language: the declaration when the text agrees, the text's own language when it does not."""

from crawler.extract.language import choose_language, code_of

GERMAN = "Der Stadtrat hat am Montag den Plan für den Hafen beschlossen, sagte die Bürgermeisterin. " * 5
ENGLISH = "The council approved the plan for the harbour on Monday, the mayor told reporters. " * 5


def test_codes() -> None:
    assert code_of("en-US") == "en"
    assert code_of("de_DE") == "de"
    assert code_of("deu") == "de"
    assert code_of("nb-NO") == "no"
    assert code_of("x") is None


def test_declaration_checked_against_text() -> None:
    assert choose_language(["en-US"], ENGLISH) == "en"
    assert choose_language(["en-US"], GERMAN) == "de"
    assert choose_language([None], GERMAN) == "de"


def test_short_text_trusts_declaration() -> None:
    assert choose_language(["fr-FR"], "Bonjour") == "fr"
