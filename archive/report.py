"""A self-contained HTML report of one article's life: timeline, diffs, counter charts (inline SVG).

No scripts, no external assets (a Content-Security-Policy says so to the browser); every archived
string is escaped, because titles and texts are untrusted input.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from . import diff as diffs
from . import diff_render
from .clock import parse_iso

__all__ = ["counter_chart", "render_report"]

CHART_WIDTH, CHART_HEIGHT = 640, 200
CHART_MARGIN = 40  # pixels left for the axis labels


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def render_report(
    article: Mapping[str, Any],
    versions: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
    counters: Sequence[Mapping[str, Any]],
) -> str:
    """The whole page for one article (versions as `Archive.versions` returns them)."""
    parts = [
        f"<h1>{_esc(_title(versions) or article.get('url'))}</h1>",
        _summary(article, versions),
        "<h2>Timeline</h2>",
        _timeline(versions, events),
        "<h2>Counters</h2>",
        _charts(counters),
        "<h2>Changes</h2>",
        _diffs(versions),
    ]
    title = f"{_title(versions) or article.get('url')}: article report"
    return diff_render.standalone_page(title, _CSS + "\n" + diff_render.CSS, "\n".join(parts))


def _title(versions: Sequence[Mapping[str, Any]]) -> str | None:
    return versions[-1].get("title") if versions else None


def _summary(article: Mapping[str, Any], versions: Sequence[Mapping[str, Any]]) -> str:
    rows = [
        ("URL", article.get("url")),
        ("Site", article.get("site") or "-"),
        ("Status", article.get("status")),
        ("First seen", article.get("first_seen")),
        ("Last seen", article.get("last_seen")),
        ("Versions", len(versions)),
    ]
    cells = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="summary">{cells}</table>'


def _timeline(versions: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]]) -> str:
    by_number = {v.get("id"): v.get("number") for v in versions}
    items = []
    for v in versions:
        kinds = [k.replace("_", " ") for k in v.get("kinds") or []]
        flags = []
        if v.get("stealth"):
            flags.append('<span class="flag stealth">stealth edit</span>')
        if v.get("revert_of"):
            flags.append(f'<span class="flag">revert to v{_esc(by_number.get(v["revert_of"], "?"))}</span>')
        size = f"+{v.get('words_added') or 0} / -{v.get('words_removed') or 0} words"
        items.append(
            f'<li class="version" id="v{_esc(v.get("number"))}">'
            f'<span class="when">{_esc(v.get("captured_at"))}</span> '
            f'<b>v{_esc(v.get("number"))}</b> '
            f'<span class="kinds">{_esc(", ".join(kinds) or "-")}</span> '
            f'<span class="size">{_esc(size)}</span> {" ".join(flags)}'
            f'<div class="vtitle">{_esc(v.get("title") or "(no title)")}</div></li>'
        )
    others = [e for e in events if e.get("kind") not in ("changed", "first_seen")]
    for e in others:
        items.append(
            f'<li class="event"><span class="when">{_esc(e.get("at"))}</span> '
            f'<span class="flag">{_esc(e.get("kind"))}</span> {_esc(e.get("detail") or "")}</li>'
        )
    return f'<ol class="timeline">{"".join(items)}</ol>'


def _diffs(versions: Sequence[Mapping[str, Any]]) -> str:
    if len(versions) < 2:
        return "<p>Only one version: nothing changed yet.</p>"
    sections = []
    for old, new in zip(versions, versions[1:]):
        body = diff_render.render_html_fragment(diffs.diff_versions(old, new))
        sections.append(
            f'<section class="diff"><h3>v{_esc(old.get("number"))} → v{_esc(new.get("number"))} '
            f'<small>{_esc(new.get("captured_at"))}</small></h3>{body}</section>'
        )
    return "\n".join(sections)


def _charts(counters: Sequence[Mapping[str, Any]]) -> str:
    series: dict[str, list[tuple[str, int]]] = {}
    for c in counters:
        series.setdefault(str(c["name"]), []).append((str(c["observed_at"]), int(c["value"])))
    if not series:
        return "<p>No engagement counters were observed.</p>"
    return "\n".join(counter_chart(name, points) for name, points in sorted(series.items()))


def counter_chart(name: str, points: Sequence[tuple[str, int]]) -> str:
    """A line chart (inline SVG) of one counter over time, with its first and last values."""
    times = [_seconds(t) for t, _ in points]
    values = [v for _, v in points]
    t0, t1 = min(times), max(times)
    v0, v1 = min(values + [0]), max(values)
    span_t, span_v = (t1 - t0) or 1.0, (v1 - v0) or 1
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_MARGIN, CHART_HEIGHT - 2 * CHART_MARGIN

    def xy(t: float, v: int) -> tuple[float, float]:
        x = CHART_MARGIN + (t - t0) / span_t * inner_w if t1 > t0 else CHART_WIDTH / 2
        return round(x, 1), round(CHART_HEIGHT - CHART_MARGIN - (v - v0) / span_v * inner_h, 1)

    coords = [xy(t, v) for t, v in zip(times, values)]
    line = " ".join(f"{x},{y}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="3"><title>{_esc(f"{when}: {v}")}</title></circle>'
        for (x, y), (when, v) in zip(coords, points)
    )
    base_y = CHART_HEIGHT - CHART_MARGIN
    return (
        f'<figure class="chart"><figcaption>{_esc(name)}: {_esc(values[0])} → {_esc(values[-1])} '
        f"({len(points)} observations)</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" aria-label="{_esc(name)} over time">'
        f'<line class="axis" x1="{CHART_MARGIN}" y1="{base_y}" x2="{CHART_WIDTH - CHART_MARGIN}" y2="{base_y}"/>'
        f'<line class="axis" x1="{CHART_MARGIN}" y1="{CHART_MARGIN}" x2="{CHART_MARGIN}" y2="{base_y}"/>'
        f'<text x="{CHART_MARGIN - 4}" y="{base_y}" text-anchor="end">{_esc(v0)}</text>'
        f'<text x="{CHART_MARGIN - 4}" y="{CHART_MARGIN + 4}" text-anchor="end">{_esc(v1)}</text>'
        f'<text x="{CHART_MARGIN}" y="{CHART_HEIGHT - 12}">{_esc(points[0][0])}</text>'
        f'<text x="{CHART_WIDTH - CHART_MARGIN}" y="{CHART_HEIGHT - 12}" text-anchor="end">'
        f"{_esc(points[-1][0])}</text>"
        f'<polyline class="series" points="{line}"/>{dots}</svg></figure>'
    )


def _seconds(when: str) -> float:
    try:
        return parse_iso(when).timestamp()
    except ValueError:
        return 0.0


_CSS = """
body { font: 16px/1.5 Georgia, serif; max-width: 72em; margin: 2em auto; padding: 0 1em; color: #222; }
table.summary th { text-align: left; padding-right: 1em; color: #555; }
ol.timeline { list-style: none; padding-left: 0; border-left: 3px solid #ccd; }
ol.timeline li { margin: 0 0 .8em 0; padding-left: 1em; }
.when { font-family: monospace; color: #666; } .kinds { color: #036; } .size { color: #777; }
.vtitle { font-style: italic; }
.flag { background: #eef; border: 1px solid #99c; border-radius: 3px; padding: 0 .3em; font-size: .85em; }
.flag.stealth { background: #fee; border-color: #c99; }
figure.chart { margin: 1em 0; } svg { background: #fcfcfc; border: 1px solid #eee; }
svg .axis { stroke: #999; } svg .series { fill: none; stroke: #36c; stroke-width: 2; }
svg circle { fill: #36c; } svg text { font: 11px sans-serif; fill: #555; }
section.diff { border-top: 1px solid #ddd; margin-top: 1.5em; }
""".strip()


