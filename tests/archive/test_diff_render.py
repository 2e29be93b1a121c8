"""Diff rendering: word-diff markers, unified text, and inert standalone HTML."""

from __future__ import annotations

import lxml.html
import pytest

from archive.diff import diff_versions
from archive.diff_render import render_html, render_terminal, render_unified

OLD = {
    "title": "Council closes library",
    "text": "The mayor declined to comment.\n\nB para here.\n\nC end",
    "authors": ["Ann"],
}
NEW = {
    "title": "Council shuts library",
    "text": "The mayor refused to comment.\n\nC end\n\nCorrection: a date was wrong.",
    "authors": ["Bo"],
}
ATTACK = '<script>alert(1)</script> <img src=x onerror=alert(1)> "><svg onload=alert(1)>'


def test_terminal_without_colour_uses_word_diff_markers() -> None:
    assert render_terminal(diff_versions(OLD, NEW), color=False) == (
        "title:\nCouncil [-closes-]{+shuts+} library\n\n"
        "text:\nThe mayor [-declined-]{+refused+} to comment.\n\n[-B para here.-]\n\nC end\n\n"
        "{+Correction: a date was wrong.+}\n\n"
        "authors: Ann -> Bo\n"
    )


def test_terminal_colour() -> None:
    out = render_terminal(diff_versions(OLD, NEW), color=True)
    assert "\x1b[31;9mcloses\x1b[0m\x1b[32mshuts\x1b[0m" in out
    assert "[-" not in out


def test_terminal_neutralises_control_characters() -> None:
    d = diff_versions({"text": "a"}, {"text": "a \x1b[2J\x07 b"})
    out = render_terminal(d, color=False)
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x07" in out


def test_no_changes_renders_nothing() -> None:
    d = diff_versions(OLD, OLD)
    assert render_terminal(d, color=False) == "" == render_unified(d)


def test_paragraph_split_is_visible() -> None:
    d = diff_versions({"text": "a b c d"}, {"text": "a b\n\nc d"})
    assert render_terminal(d, color=False) == "text:\na b{+\u00b6+}\n\nc d\n"


def test_unified() -> None:
    assert render_unified(diff_versions(OLD, NEW)) == (
        "@@ title @@\n-Council closes library\n+Council shuts library\n"
        "@@ text @@\n-The mayor declined to comment.\n+The mayor refused to comment.\n"
        "-B para here.\n C end\n+Correction: a date was wrong.\n"
        "authors: Ann -> Bo\n"
    )


@pytest.mark.parametrize("layout", ["inline", "side"])
def test_html_is_standalone(layout: str) -> None:
    page = render_html(diff_versions(OLD, NEW), layout=layout, title="Council closes library")
    doc = lxml.html.fromstring(page)
    assert doc.findtext(".//title") == "Council closes library"
    deleted = [e.text_content() for e in doc.iter("del")]
    assert ["closes", "declined", "B para here."] == deleted[:3] and deleted[-1] == "Ann"
    assert "shuts" in [e.text_content() for e in doc.iter("ins")]
    assert not doc.xpath("//link | //script | //img | //iframe | //@src | //@href")


def test_html_rejects_unknown_layout() -> None:
    with pytest.raises(ValueError):
        render_html(diff_versions(OLD, NEW), layout="columns")


@pytest.mark.parametrize("layout", ["inline", "side"])
def test_html_of_hostile_content_is_inert(layout: str) -> None:
    old = {"title": "Plain " + ATTACK, "subtitle": ATTACK, "text": "Body.\n\n" + ATTACK, "tags": [ATTACK]}
    new = {"title": ATTACK + " changed", "text": "Body " + ATTACK + "\n\nMore", "authors": [ATTACK]}
    d = diff_versions(old, new)
    d["note"] = ATTACK
    page = render_html(d, layout=layout, title=ATTACK)
    doc = lxml.html.fromstring(page)
    assert not doc.xpath("//script | //img | //svg | //*[local-name()='svg']")
    handlers = [a for e in doc.iter() for a in e.attrib if a.lower().startswith("on")]
    assert handlers == []
    assert doc.findtext(".//title") == ATTACK
    assert ATTACK.split(" ")[0] in doc.text_content()


LONG_PARAS = [" ".join(f"w{i}_{j}" for j in range(40)) for i in range(8)]


def _one_word_changed() -> dict:
    edited = list(LONG_PARAS)
    edited[4] = edited[4].replace("w4_20", "CHANGED")
    return diff_versions({"text": "\n\n".join(LONG_PARAS)}, {"text": "\n\n".join(edited)})


def test_terminal_shows_only_the_changed_paragraph_with_context() -> None:
    out = render_terminal(_one_word_changed(), color=False)
    assert out.startswith("text:\n\u2026 3 unchanged paragraphs \u2026\n\n")
    assert "[-w4_20-]{+CHANGED+}" in out
    assert out.endswith("\u2026 2 unchanged paragraphs \u2026\n")
    assert "w0_" not in out and "w7_" not in out and "w4_0 " not in out
    # One paragraph of context on each side, cut to CONTEXT_WORDS words next to the change.
    assert "\u2026 w3_25 " in out and "w3_39\n" in out and "w5_14 \u2026" in out
    assert len(out.split()) < 90


def test_unified_counts_the_paragraphs_left_out() -> None:
    out = render_unified(_one_word_changed())
    lines = out.splitlines()
    assert lines[:2] == ["@@ text @@", "@@ text: 3 unchanged paragraphs @@"]
    assert lines[2].startswith(" w3_0") and lines[3].startswith("-w4_0") and lines[4].startswith("+w4_0")
    assert lines[5].startswith(" w5_0") and lines[6] == "@@ text: 2 unchanged paragraphs @@"


def test_summary_stealth_and_field_history_in_every_rendering() -> None:
    d = diff_versions(OLD, NEW)
    history = [{"at": "2025-05-04T10:00:00Z", "version": 2, "with_text": False,
                "changes": {"section": {"old": "World", "new": "<b>Americas</b>"}}}]
    d.update(kinds=["headline_changed"], words_added=1, words_removed=1, stealth=True, field_history=history)
    for out in (render_terminal(d, color=False), render_unified(d)):
        assert "change: headline_changed  +1/-1 words" in out
        assert "stealth edit" in out
        assert "2025-05-04T10:00:00Z (v2) section: World -> <b>Americas</b>" in out
    doc = lxml.html.fromstring(render_html(d))
    assert doc.xpath("//p[@class='stealth']") and not doc.xpath("//b")
    assert "<b>Americas</b>" in doc.xpath("string(//table[@class='history'])")
