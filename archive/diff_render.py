"""Render a diff (from archive.diff.diff_versions) as terminal text, unified text or HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from archive.diff import PARAGRAPH_BREAK
from archive.revisions import TEXT_FIELDS

__all__ = ["render_html", "render_terminal", "render_unified"]

Segment = tuple[str, str]  # (kind, text) inside one row
Diff = Mapping[str, Any]

RED_STRUCK = "\x1b[31;9m"
GREEN = "\x1b[32m"
BOLD = "\x1b[1m"
RESET = "\x1b[0m"
DIM = "\x1b[2m"
PILCROW = "\u00b6"  # a paragraph break that was added or removed
ELLIPSIS = "\u2026"
# Terminal and unified diffs show changed paragraphs with this many unchanged ones around them,
CONTEXT_PARAGRAPHS = 1
# and cut unchanged runs of words to this many on each side of a change.
CONTEXT_WORDS = 15
STEALTH_NOTE = "stealth edit: the text changed, the declared modification date did not"
LAYOUTS = ("inline", "side")
# Archived text is untrusted: escape and control characters must not reach a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render_terminal(d: Diff, color: bool = True, context: int = CONTEXT_PARAGRAPHS) -> str:
    """`git diff --word-diff` style: red struck / green, or [-deleted-] {+inserted+}.

    Only changed paragraphs are shown, with `context` paragraphs around them (cut to
    CONTEXT_WORDS words) and a line counting the unchanged paragraphs left out.
    """
    marks = (
        {"delete": (RED_STRUCK, RESET), "insert": (GREEN, RESET)}
        if color
        else {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
    )
    render = lambda k, t: _mark(k, _safe(t), marks)  # noqa: E731
    out = _summary_lines(d)
    for name, ops in _changed_fields(d):
        head = f"{BOLD}{name}:{RESET}" if color else f"{name}:"
        rows = _rows(ops)
        shown = [
            _join_row(_trim_row(rows, item), render, tight=True)
            if item >= 0
            else _gap_line(-item, color)
            for item in _hunks(rows, context)
        ]
        out.append(head + "\n" + "\n\n".join(shown))
    out += _field_lines(d, _safe) + _history_lines(d)
    return "\n\n".join(out) + "\n" if out else ""


def _hunks(rows: list[list[Segment]], context: int) -> list[int]:
    """Indexes of the rows to show; a negative item -n stands for n rows left out."""
    changed = [i for i, row in enumerate(rows) if _is_changed(row)]
    keep = sorted({j for i in changed for j in range(i - context, i + context + 1) if 0 <= j < len(rows)})
    out: list[int] = []
    previous = -1
    for i in keep + [len(rows)]:
        if i > previous + 1:
            out.append(previous + 1 - i)
        if i < len(rows):
            out.append(i)
        previous = i
    return out


def _is_changed(row: list[Segment]) -> bool:
    return any(kind != "equal" for kind, _ in row)


def _trim_row(rows: list[list[Segment]], i: int) -> list[Segment]:
    """Row i with its long unchanged runs cut to CONTEXT_WORDS words next to the changes."""
    row = rows[i]
    if not _is_changed(row):
        before = i > 0 and _is_changed(rows[i - 1])
        after = i + 1 < len(rows) and _is_changed(rows[i + 1])
        head, tail = CONTEXT_WORDS * before, CONTEXT_WORDS * after
        return [(kind, _elide(text, head, tail)) for kind, text in row]
    last = len(row) - 1
    return [
        (kind, _elide(text, CONTEXT_WORDS * (k > 0), CONTEXT_WORDS * (k < last)) if kind == "equal" else text)
        for k, (kind, text) in enumerate(row)
    ]


def _elide(text: str, head: int, tail: int) -> str:
    """The first `head` and last `tail` words of text, an ellipsis for what lies between."""
    found = text.split(" ")
    if len(found) <= head + tail + 3:
        return text
    kept = found[:head] + [ELLIPSIS] + (found[-tail:] if tail else [])
    return " ".join(kept)


def _gap_line(count: int, color: bool) -> str:
    line = f"{ELLIPSIS} {count} unchanged paragraph{'s' * (count != 1)} {ELLIPSIS}"
    return f"{DIM}{line}{RESET}" if color else line


def _summary_lines(d: Diff) -> list[str]:
    """What the newer version changed, when the diff carries it (kinds, size, stealth)."""
    out = []
    if d.get("kinds"):
        size = f"+{d.get('words_added') or 0}/-{d.get('words_removed') or 0} words"
        out.append(f"change: {', '.join(map(_safe, d['kinds']))}  {size}")
    if d.get("stealth"):
        out.append(STEALTH_NOTE)
    if d.get("note"):
        out.append("note: " + _safe(str(d["note"])))
    return ["\n".join(out)] if out else []


def _history_lines(d: Diff) -> list[str]:
    """Field changes seen on fetches without a text change (Archive.field_history)."""
    history = d.get("field_history") or []
    if not history:
        return []
    lines = ["fields changed on fetches without a text change:"]
    for entry in history:
        for name, c in entry["changes"].items():
            old, new = _safe(_value(c.get("old"))), _safe(_value(c.get("new")))
            lines.append(f"  {_safe(entry['at'])} (v{entry['version']}) {name}: {old} -> {new}")
    return ["\n".join(lines)]


def _mark(kind: str, text: str, marks: Mapping[str, tuple[str, str]]) -> str:
    if kind == "equal":
        return text
    start, end = marks[kind]
    if text == PARAGRAPH_BREAK:
        return start + PILCROW + end + ("\n\n" if kind == "insert" else "")
    return "\n\n".join(start + part + end if part else "" for part in text.split(PARAGRAPH_BREAK))


def render_unified(d: Diff, context: int = CONTEXT_PARAGRAPHS) -> str:
    """Plain text: each paragraph kept (" "), removed ("-") or added ("+"), per field.

    Unchanged paragraphs farther than `context` from a change are counted, not shown.
    """
    out: list[str] = _summary_lines(d)
    for name, ops in _changed_fields(d):
        out.append(f"@@ {name} @@")
        rows = _rows(ops)
        for item in _hunks(rows, context):
            if item < 0:
                out.append(f"@@ {name}: {-item} unchanged paragraph{'s' * (item != -1)} @@")
                continue
            row = rows[item]
            old, new = _side(row, "old"), _side(row, "new")
            if old == new:
                out.append(" " + _safe(old))
                continue
            out += ["-" + _safe(p) for p in old.split(PARAGRAPH_BREAK) if p]
            out += ["+" + _safe(p) for p in new.split(PARAGRAPH_BREAK) if p]
    out += _field_lines(d, _safe) + _history_lines(d)
    return "\n".join(out) + "\n" if out else ""


def render_html(d: Diff, layout: str = "inline", title: str = "Diff") -> str:
    """A standalone page (inline CSS, no scripts or external assets); every string escaped."""
    return standalone_page(title, CSS, f"<h1>{_esc(title)}</h1>\n{render_html_fragment(d, layout)}")


def render_html_fragment(d: Diff, layout: str = "inline") -> str:
    """The diff as HTML to place in a page styled with CSS; every string escaped."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    body = []
    if d.get("kinds"):
        size = f"+{_esc(d.get('words_added') or 0)}/-{_esc(d.get('words_removed') or 0)} words"
        body.append(f'<p class="summary">{_esc(", ".join(map(str, d["kinds"])))} ({size})</p>')
    if d.get("stealth"):
        body.append(f'<p class="stealth">{_esc(STEALTH_NOTE)}</p>')
    if d.get("note"):
        body.append(f'<p class="note">{_esc(d["note"])}</p>')
    header = len(body)
    for name, ops in _changed_fields(d):
        body.append(f"<h2>{_esc(name)}</h2>")
        body.append(_html_inline(ops) if layout == "inline" else _html_side(ops))
    changes = d.get("field_changes") or {}
    if changes:
        body.append(_html_fields(changes))
    if d.get("field_history"):
        body.append(_html_history(d["field_history"]))
    if len(body) == header:
        body.append("<p>No changes.</p>")
    return "\n".join(body)


def _html_inline(ops: list[list[str]]) -> str:
    rows = (_join_row(row, _html_segment) for row in _rows(ops))
    return '<div class="inline">' + "".join(f"<p>{r}</p>" for r in rows) + "</div>"


def _html_side(ops: list[list[str]]) -> str:
    cells = []
    for row in _rows(ops):
        old = _join_row([s for s in row if s[0] != "insert"], _html_segment)
        new = _join_row([s for s in row if s[0] != "delete"], _html_segment)
        changed = ' class="changed"' if any(k != "equal" for k, _ in row) else ""
        cells.append(f"<tr{changed}><td>{old}</td><td>{new}</td></tr>")
    head = "<tr><th>Before</th><th>After</th></tr>"
    return '<table class="side">' + head + "".join(cells) + "</table>"


def _html_segment(kind: str, text: str) -> str:
    tag = {"equal": "", "delete": "del", "insert": "ins"}[kind]
    if text == PARAGRAPH_BREAK and tag:
        return f'<{tag} title="paragraph break">{PILCROW}</{tag}>'
    inner = "<br><br>".join(_esc(p) for p in text.split(PARAGRAPH_BREAK))
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def _html_fields(changes: Mapping[str, Mapping[str, Any]]) -> str:
    rows = "".join(
        f"<tr><th>{_esc(name)}</th><td><del>{_esc(_value(c.get('old')))}</del></td>"
        f"<td><ins>{_esc(_value(c.get('new')))}</ins></td></tr>"
        for name, c in changes.items()
    )
    return '<h2>Other fields</h2><table class="fields">' + rows + "</table>"


def _html_history(history: list[Mapping[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{_esc(e['at'])} (v{_esc(e['version'])})</td><th>{_esc(name)}</th>"
        f"<td><del>{_esc(_value(c.get('old')))}</del></td><td><ins>{_esc(_value(c.get('new')))}</ins></td></tr>"
        for e in history
        for name, c in e["changes"].items()
    )
    return '<h2>Fields changed on fetches without a text change</h2><table class="history">' + rows + "</table>"


def _changed_fields(d: Diff) -> Iterator[tuple[str, list[list[str]]]]:
    """Text fields with at least one insertion or deletion."""
    for name in TEXT_FIELDS:
        ops = d.get(name) or []
        if any(kind != "equal" for kind, _ in ops):
            yield name, ops


def _rows(ops: list[list[str]]) -> list[list[Segment]]:
    """Ops cut at paragraph breaks into rows: one per paragraph (or changed run)."""
    rows: list[list[Segment]] = [[]]
    for i, (kind, text) in enumerate(ops):
        lead, text, trail = _whole_paragraph_breaks(ops, i) if kind != "equal" else (False, text, False)
        pieces = text.split(PARAGRAPH_BREAK) if kind == "equal" else [text]
        for k, piece in enumerate([""] * lead + pieces + [""] * trail):
            if k:
                rows.append([])
            if piece:
                rows[-1].append((kind, piece))
    return [row for row in rows if row]


def _whole_paragraph_breaks(ops: list[list[str]], i: int) -> tuple[bool, str, bool]:
    """Peel the break off a change op that adds or removes whole paragraphs (a row cut)."""
    text = ops[i][1]
    if text == PARAGRAPH_BREAK:
        return False, text, False
    after = i + 1 == len(ops) or ops[i + 1][1].startswith(PARAGRAPH_BREAK)
    before = i == 0 or ops[i - 1][1].endswith(PARAGRAPH_BREAK)
    lead = text.startswith(PARAGRAPH_BREAK) and after
    trail = text.endswith(PARAGRAPH_BREAK) and before and not lead
    start, end = len(PARAGRAPH_BREAK) * lead, len(text) - len(PARAGRAPH_BREAK) * trail
    return lead, text[start:end], trail


def _side(row: list[Segment], side: str) -> str:
    """The old ("old") or new ("new") text of a row."""
    skip = "insert" if side == "old" else "delete"
    return _join_row([s for s in row if s[0] != skip], lambda kind, text: text)


def _join_row(row: list[Segment], render: Callable[[str, str], str], tight: bool = False) -> str:
    """Rendered segments, a space between words; tight: none between a deletion and its insertion."""
    out: list[str] = []
    for i, (kind, text) in enumerate(row):
        if i:
            prev_kind, prev_text = row[i - 1]
            at_break = prev_text.endswith(PARAGRAPH_BREAK) or text.startswith(PARAGRAPH_BREAK)
            replaced = tight and prev_kind == "delete" and kind == "insert"
            out.append("" if at_break or replaced else " ")
        out.append(render(kind, text))
    return "".join(out)


def _field_lines(d: Diff, clean: Any) -> list[str]:
    changes = d.get("field_changes") or {}
    return [
        f"{name}: {clean(_value(c.get('old')))} -> {clean(_value(c.get('new')))}"
        for name, c in changes.items()
    ]


def _value(value: Any) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _safe(text: str) -> str:
    """Text for a terminal: control characters shown as escapes, never interpreted."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


CSS = """
body { font: 16px/1.5 Georgia, serif; max-width: 72em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; color: #555; }
del { background: #fdd; color: #900; text-decoration: line-through; }
ins { background: #dfd; color: #060; text-decoration: none; }
.note { background: #ffe; border: 1px solid #cc9; padding: .5em; }
.stealth { background: #fee; border: 1px solid #c99; padding: .5em; font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
td, th { vertical-align: top; padding: .4em .6em; border-bottom: 1px solid #eee; text-align: left; }
table.side td { width: 50%; } tr.changed { background: #fafafa; }
""".strip()

def standalone_page(title: str, css: str, body: str) -> str:
    """A page with no external assets and no scripts (its CSP forbids them); `body` is HTML."""
    return _PAGE.format(title=_esc(title), css=css, body=body)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
{body}
</body>
</html>
"""
