"""`newsarchive report`: a self-contained, escaped HTML page of an article's life."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive.report import counter_chart, render_report

from tests.archive.conftest import HEADLINE_SLUG, STEALTH_SLUG, article_url, invoke

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"


class _Page(HTMLParser):
    """Tags, attributes and classes of a page, for structural assertions."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def count(self, tag: str, cls: str | None = None) -> int:
        return sum(1 for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split()))


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def _report(db_path: Path, url: str, tmp_path: Path) -> str:
    out = tmp_path / "report.html"
    result = invoke("report", url, "--html", str(out), "--db", str(db_path))
    assert "wrote" in result.stdout
    return out.read_text(encoding="utf-8")


def test_three_versions_three_timeline_entries_and_a_counter_chart(
    db_path: Path, research_archive: dict, tmp_path: Path
) -> None:
    page = _report(db_path, article_url(research_archive, HEADLINE_SLUG), tmp_path)
    parsed = _parse(page)
    assert parsed.count("li", "version") == 3
    assert parsed.count("svg") >= 1 and parsed.count("polyline") >= 1
    assert parsed.count("section", "diff") == 2
    assert "headline changed" in page and "revert to v1" in page
    assert parsed.count("del") and parsed.count("ins")


def test_stealth_edit_is_flagged(db_path: Path, research_archive: dict, tmp_path: Path) -> None:
    page = _report(db_path, article_url(research_archive, STEALTH_SLUG), tmp_path)
    assert "stealth edit" in page


def test_self_contained(db_path: Path, research_archive: dict, tmp_path: Path) -> None:
    parsed = _parse(_report(db_path, article_url(research_archive, HEADLINE_SLUG), tmp_path))
    assert parsed.count("script") == 0 and parsed.count("link") == 0 and parsed.count("img") == 0
    assert not [a for _, a in parsed.tags if any(k in a for k in ("src", "href"))]


def test_unknown_article(db_path: Path) -> None:
    result = invoke("report", "http://nowhere.example/", "--html", "x.html", "--db", str(db_path), ok=False)
    assert result.exit_code == 1 and "no article" in result.output


def test_everything_is_escaped() -> None:
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    versions = [
        {"id": 1, "number": 1, "captured_at": "2025-05-03T15:00:00Z", "title": evil, "text": "a " + evil,
         "kinds": ["first"], "words_added": 3, "words_removed": 0},
        {"id": 2, "number": 2, "captured_at": "2025-05-03T16:00:00Z", "title": evil + " v2",
         "text": "b " + evil, "kinds": ["headline_changed"], "words_added": 1, "words_removed": 1},
    ]
    article = {"url": "http://x/" + evil, "site": evil, "status": "live"}
    events = [{"kind": evil, "at": "2025-05-03T16:00:00Z", "detail": evil}]
    counters = [{"name": evil, "value": v, "observed_at": t}
                for v, t in ((1, "2025-05-03T15:00:00Z"), (5, "2025-05-03T16:00:00Z"))]
    parsed = _parse(render_report(article, versions, events, counters))
    assert parsed.count("script") == 0 and parsed.count("img") == 0
    assert not [a for _, a in parsed.tags if any(k.startswith("on") for k in a)]


def test_counter_chart_of_one_point() -> None:
    svg = counter_chart("views", [("2025-05-03T15:00:00Z", 4)])
    assert svg.count("<circle") == 1 and "views: 4 → 4" in svg


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_headless_chromium_renders_the_report(db_path: Path, research_archive: dict, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    invoke("report", article_url(research_archive, HEADLINE_SLUG), "--html", str(page), "--db", str(db_path))
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
         "--window-size=1200,2000", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert shot.exists(), "chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000  # a blank page is ~5 KB
