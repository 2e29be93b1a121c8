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
PILCROW = "\u00b6"  # a paragraph break that was added or removed
LAYOUTS = ("inline", "side")
# Archived text is untrusted: escape and control characters must not reach a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render_terminal(d: Diff, color: bool = True) -> str:
    """`git diff --word-diff` style: red struck / green, or [-deleted-] {+inserted+}."""
    marks = (
        {"delete": (RED_STRUCK, RESET), "insert": (GREEN, RESET)}
        if color
        else {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
    )
    out: list[str] = []
    for name, ops in _changed_fields(d):
        head = f"{BOLD}{name}:{RESET}" if color else f"{name}:"
        rows = [_join_row(row, lambda k, t: _mark(k, _safe(t), marks), tight=True) for row in _rows(ops)]
        out.append(head + "\n" + "\n\n".join(rows))
    out += _field_lines(d, _safe)
    return "\n\n".join(out) + "\n" if out else ""


def _mark(kind: str, text: str, marks: Mapping[str, tuple[str, str]]) -> str:
    if kind == "equal":
        return text
    start, end = marks[kind]
    if text == PARAGRAPH_BREAK:
        return start + PILCROW + end + ("\n\n" if kind == "insert" else "")
    return "\n\n".join(start + part + end if part else "" for part in text.split(PARAGRAPH_BREAK))


def render_unified(d: Diff) -> str:
    """Plain text: each paragraph kept (" "), removed ("-") or added ("+"), per field."""
    out: list[str] = []
    for name, ops in _changed_fields(d):
        out.append(f"@@ {name} @@")
        for row in _rows(ops):
            old, new = _side(row, "old"), _side(row, "new")
            if old == new:
                out.append(" " + _safe(old))
                continue
            out += ["-" + _safe(p) for p in old.split(PARAGRAPH_BREAK) if p]
            out += ["+" + _safe(p) for p in new.split(PARAGRAPH_BREAK) if p]
    out += _field_lines(d, _safe)
    return "\n".join(out) + "\n" if out else ""


def render_html(d: Diff, layout: str = "inline", title: str = "Diff") -> str:
    """A standalone page (inline CSS, no scripts or external assets); every string escaped."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    body = [f"<h1>{_esc(title)}</h1>"]
    if d.get("note"):
        body.append(f'<p class="note">{_esc(d["note"])}</p>')
    for name, ops in _changed_fields(d):
        body.append(f"<h2>{_esc(name)}</h2>")
        body.append(_html_inline(ops) if layout == "inline" else _html_side(ops))
    changes = d.get("field_changes") or {}
    if changes:
        body.append(_html_fields(changes))
    if len(body) == 1 + bool(d.get("note")):
        body.append("<p>No changes.</p>")
    return _PAGE.format(title=_esc(title), css=_CSS, body="\n".join(body))


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


_CSS = """
body { font: 16px/1.5 Georgia, serif; max-width: 72em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; color: #555; }
del { background: #fdd; color: #900; text-decoration: line-through; }
ins { background: #dfd; color: #060; text-decoration: none; }
.note { background: #ffe; border: 1px solid #cc9; padding: .5em; }
table { border-collapse: collapse; width: 100%; }
td, th { vertical-align: top; padding: .4em .6em; border-bottom: 1px solid #eee; text-align: left; }
table.side td { width: 50%; } tr.changed { background: #fafafa; }
""".strip()

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
