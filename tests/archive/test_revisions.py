"""Version rules: normalisation, identity, field changes, classification, teasers."""

from __future__ import annotations

import pytest

from archive.revisions import (
    classify,
    field_changes,
    is_correction,
    is_paywall_teaser,
    is_stealth_edit,
    normalise,
    paragraphs,
    text_key,
)

BODY = (
    "The council voted on Tuesday to close the library.\n\n"
    "Residents said they were not consulted.\n\n"
    "The mayor declined to comment."
)


def version(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": "Council closes library",
        "subtitle": "A vote without consultation",
        "text": BODY,
        "authors": ["Ann Smith", "Bo Lee"],
        "published": "2024-03-01T10:00:00Z",
        "modified": "2024-03-01T10:00:00Z",
        "section": "Local",
        "tags": ["council", "library"],
        "image": "https://cdn.example/img/library.jpg?w=800",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    "noisy",
    [
        "It\u2019s   \u201cfine\u201d \u2014 really",
        "It's \"fine\" - really",
        "It\u2019s\u00a0\u201cfine\u201d\u00a0\u2013 really\u200b",
        "  It's\t\"fine\"\n- really  ",
        "It\u2019s \u00ab fine \u00bb \u2014 really",
        "\ufeffIt\u2019s \u201cfine\u201d \u2012 re\u00adally",
    ],
)
def test_normalise_removes_typographic_noise(noisy: str) -> None:
    assert normalise(noisy) == "It's \"fine\" - really"


def test_normalise_keeps_paragraphs_and_drops_empty_ones() -> None:
    assert normalise("a  b\n\n\n \nc\r\n\r\nd\n") == "a b\n\nc\n\nd"
    assert paragraphs("one\n\n  \n\ntwo") == ["one", "two"]
    assert normalise(None) == "" and paragraphs(None) == []


def test_normalise_nfkc() -> None:
    assert normalise("\uff21\uff22 \ufb01le") == "AB file"


def test_text_key_ignores_noise_but_not_words() -> None:
    a = version()
    b = version(text=BODY.replace(" ", "  ").replace("'", "\u2019") + "\n\n")
    assert text_key(a) == text_key(b)
    assert text_key(a) != text_key(version(text=BODY.replace("Tuesday", "Monday")))
    assert text_key(a) != text_key(version(title="Council shuts library"))
    assert len(text_key(a)) == 64


def test_text_key_fields_do_not_run_together() -> None:
    assert text_key({"title": "a b", "text": "c"}) != text_key({"title": "a", "text": "b c"})


def test_text_key_ignores_metadata() -> None:
    assert text_key(version()) == text_key(version(authors=["Someone"], tags=[]))


def test_field_changes_ignore_order_case_and_equivalent_forms() -> None:
    new = version(
        authors=["bo lee", "Ann  Smith"],
        tags=["Library", "council"],
        published="2024-03-01T10:00:00+00:00",
        image="https://cdn.example/img/library.jpg?w=1200&cb=123",
    )
    assert field_changes(version(), new) == {}


def test_field_changes_report_old_and_new() -> None:
    new = version(authors=["Ann Smith"], modified="2024-03-02T08:00:00Z", section="Politics")
    assert field_changes(version(), new) == {
        "authors": {"old": ["Ann Smith", "Bo Lee"], "new": ["Ann Smith"]},
        "modified": {"old": "2024-03-01T10:00:00Z", "new": "2024-03-02T08:00:00Z"},
        "section": {"old": "Local", "new": "Politics"},
    }


def test_field_changes_tolerate_missing_and_bad_values() -> None:
    assert field_changes({}, {"published": "yesterday"}) == {
        "published": {"old": None, "new": "yesterday"}
    }
    assert field_changes({"tags": None}, {"tags": []}) == {}


def test_classify_first() -> None:
    assert classify(None, version()) == {"kinds": ["first"], "words_added": 27, "words_removed": 0}


def test_classify_headline_and_subtitle() -> None:
    result = classify(version(), version(title="Council shuts library", subtitle="A vote"))
    assert result["kinds"] == ["headline_changed", "subtitle_changed"]
    assert (result["words_added"], result["words_removed"]) == (1, 3)


def test_classify_body_edit_counts_words() -> None:
    new = version(text=BODY.replace("not consulted", "never properly consulted"))
    assert classify(version(), new) == {
        "kinds": ["body_edited"],
        "words_added": 2,
        "words_removed": 1,
    }


def test_classify_paragraphs_added_and_removed() -> None:
    added = version(text=BODY.replace("\n\nThe mayor", "\n\nA petition has 500 names.\n\nThe mayor"))
    assert classify(version(), added)["kinds"] == ["paragraphs_added"]
    removed = version(text=BODY.replace("Residents said they were not consulted.\n\n", ""))
    result = classify(version(), removed)
    assert result["kinds"] == ["paragraphs_removed"]
    assert result["words_removed"] == 6


@pytest.mark.parametrize(
    "note",
    [
        "Correction: An earlier version misstated the date of the vote.",
        "CORRECTION (March 2): the vote was on Monday.",
        "Update, 5pm: the mayor has now commented.",
        "Editor\u2019s note: this story has been amended.",
        "Clarification: the library will close in June.",
        "An earlier version of this article gave the wrong date.",
        "Berichtigung: In einer früheren Version hieß es ...",
        "Rectificatif : la bibliothèque fermera en juin.",
        "Fe de erratas: la votación fue el lunes.",
        "*Correzione: il voto era lunedì.",
    ],
)
def test_classify_correction_appended(note: str) -> None:
    new = version(text=BODY + "\n\n" + note)
    assert classify(version(), new)["kinds"] == ["correction_appended"]


def test_correction_with_fix_is_also_an_edit() -> None:
    new = version(
        text=BODY.replace("Tuesday", "Monday") + "\n\nCorrection: the vote was on Monday."
    )
    assert classify(version(), new)["kinds"] == ["body_edited", "correction_appended"]


def test_ordinary_paragraph_mentioning_an_update_is_not_a_correction() -> None:
    assert not is_correction("The software update will reach phones next week.")
    new = version(text=BODY + "\n\nThe software update will reach phones next week.")
    assert classify(version(), new)["kinds"] == ["paragraphs_added"]


def test_classify_byline_and_dates_without_text_change() -> None:
    new = version(authors=["Ann Smith"], modified="2024-03-02T08:00:00Z")
    assert classify(version(), new) == {
        "kinds": ["byline_changed", "dates_changed"],
        "words_added": 0,
        "words_removed": 0,
    }


def test_classify_noise_only_is_empty() -> None:
    new = version(text=BODY.replace(" ", "\u00a0"), tags=["library", "council"])
    assert classify(version(), new) == {"kinds": [], "words_added": 0, "words_removed": 0}


def test_stealth_edit() -> None:
    edited = version(text=BODY.replace("declined", "refused"))
    assert is_stealth_edit(version(), edited)
    assert is_stealth_edit(version(modified=None), version(modified=None, title="New title"))
    assert not is_stealth_edit(version(), version(text=edited["text"], modified="2024-03-02"))
    assert not is_stealth_edit(version(), version(modified="2024-03-05T00:00:00Z"))
    assert not is_stealth_edit(None, version())


LONG = "\n\n".join(f"Paragraph {i} tells more of the story with several words." for i in range(20))


def test_paywall_teaser_prefix_is_detected() -> None:
    teaser = LONG.split("\n\n")[0] + "\n\nParagraph 1 tells more of the\u2026"
    assert is_paywall_teaser(LONG, teaser, paywalled=False)


def test_paywall_flag_with_shrunk_text() -> None:
    assert is_paywall_teaser(LONG, "Subscribe to read the full story.", paywalled=True)


def test_not_a_teaser() -> None:
    assert not is_paywall_teaser(None, "short", paywalled=True)
    assert not is_paywall_teaser(LONG, LONG, paywalled=True)
    assert not is_paywall_teaser(LONG, LONG.replace("story", "tale"), paywalled=False)
    # Much shorter but a different text: a rewrite, not a teaser.
    assert not is_paywall_teaser(LONG, "A completely different short article about sport.", False)
    # The end of the article kept, not its beginning: an edit, not a teaser.
    tail = "\n\n".join(LONG.split("\n\n")[-3:])
    assert not is_paywall_teaser(LONG, tail, paywalled=False)

