"""extract_article: page bytes, URL and fetch time to an article record, sources merged field by field."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from lxml import html

from crawler.extract import dates, jsonld, meta, microdata
from crawler.extract.authors import byline_authors, choose_authors, page_owner
from crawler.extract.body import extract_body
from crawler.extract.charset import decode_page
from crawler.extract.counters import visible_counters
from crawler.extract.errors import ExtractionError
from crawler.extract.language import choose_language
from crawler.extract.parse import parse_html
from crawler.extract.titles import choose_title

Sources = list[dict[str, Any]]
DAY_FORMAT = "%Y-%m-%d"
NEWS_TYPES = frozenset({"NewsArticle", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle",
                        "BackgroundNewsArticle", "LiveBlogPosting", "ReviewNewsArticle"})


def first(sources: Sources, key: str) -> Any:
    """The first non-empty value of a field, most trustworthy source first."""
    return next((s[key] for s in sources if s.get(key)), None)


def merged_counters(sources: Sources, visible: dict[str, int]) -> dict[str, int]:
    """Declared counters first (JSON-LD, microdata), visible ones fill the gaps."""
    counters = dict(visible)
    for source in reversed(sources):
        counters.update(source.get("counters") or {})
    return counters


def _trafilatura_fields(guesses: dict[str, Any]) -> dict[str, Any]:
    return {"title": guesses.get("title"), "authors": (guesses.get("author") or "").split(";"),
            "published": guesses.get("date"), "site_name": guesses.get("sitename"),
            "subtitle": guesses.get("description"), "image": guesses.get("image"),
            "section": (guesses.get("categories") or [None])[0], "tags": guesses.get("tags") or []}


def _is_news(declared: dict[str, Any]) -> bool:
    """Whether the page declares a news entity (NewsArticle and kin): its headline and date are trusted."""
    return bool(NEWS_TYPES & set(declared.get("schema_types") or []))


def _declared_dates(tree: html.HtmlElement, sources: Sources) -> list[str | None]:
    return [s.get("published") for s in sources] + [dates.time_element(tree)]


def _dates(tree: html.HtmlElement, sources: Sources, fetched: datetime, fetched_url: str,
           shown: list[dates.Shown]) -> tuple[str | None, str | None]:
    declared = _declared_dates(tree, sources[:-1])
    # The publisher's own address, else the one fetched: either may carry the day.
    url = first(sources, "canonical_url") or fetched_url
    news_date = sources[0].get("published") if _is_news(sources[0]) else None
    published = dates.choose_published(declared, sources[-1].get("published"), tree, fetched, url, news_date,
                                       shown=shown)
    modified = dates.first_valid([s.get("modified") for s in sources], fetched)
    return published, modified


def without_headline(text: str, title: str | None) -> str:
    """The body without a first paragraph that only repeats the headline."""
    head, _, rest = text.partition("\n\n")
    if title and rest and " ".join(head.split()).casefold() == " ".join(title.split()).casefold():
        return rest
    return text


def _authors(tree: html.HtmlElement, sources: Sources, site_name: str | None, url: str) -> list[str]:
    declared = [s.get("authors") or [] for s in sources[:-1]]
    return choose_authors(declared, byline_authors(tree), sources[-1].get("authors") or [], site_name, url,
                          owner=lambda: page_owner(tree))


def _title(tree: html.HtmlElement, structured: Sources, head: dict[str, Any], site_name: str | None,
           url: str) -> str | None:
    declared = structured[0]
    news = declared.get("title") if _is_news(declared) else None
    candidates = [first(structured, "title"), head.get("title"), head.get("html_title")]
    return choose_title(tree, candidates, site_name, url, news_headline=news)


def _body(tree: html.HtmlElement, structured: Sources, head: dict[str, Any], url: str,
          fetched: datetime, shown: list[dates.Shown]) -> tuple[str, dict[str, Any]]:
    known_date = dates.choose_published(_declared_dates(tree, [*structured, head]), None, tree, fetched,
                                        shown=shown)
    text, guesses = extract_body(tree, url, fetched.strftime(DAY_FORMAT), structured[0].get("body"),
                                 need_date=known_date is None, live_updates=structured[0].get("live_updates"))
    if not text:
        raise ExtractionError("empty")
    return text, guesses


def build_record(tree: html.HtmlElement, url: str, fetched: datetime) -> dict[str, Any]:
    """The article record of one parsed page."""
    head = meta.read(tree, url)
    structured = [jsonld.read(tree), microdata.read(tree)]
    # the days shown near the headline, read once for both uses of the date
    shown = dates.shown_dates(tree, fetched)
    text, guesses = _body(tree, structured, head, url, fetched, shown)
    sources = [*structured, head, _trafilatura_fields(guesses)]
    site_name = first([head, *structured, sources[-1]], "site_name")
    published, modified = _dates(tree, sources, fetched, url, shown)
    title = _title(tree, structured, head, site_name, url)
    return {
        "title": title, "subtitle": first(sources, "subtitle"), "text": without_headline(text, title),
        "authors": _authors(tree, sources, site_name, url), "published": published, "modified": modified,
        "language": choose_language([first(sources, "language")], text),
        "site_name": site_name, "section": first(sources, "section"), "image": first(sources, "image"),
        "tags": first(sources, "tags") or [], "paywalled": any(s.get("paywalled") for s in sources),
        "counters": merged_counters(structured, visible_counters(tree, url, head.get("canonical_url"))),
        "canonical_url": head.get("canonical_url") or first(structured, "canonical_url"),
        "schema_types": first(structured, "schema_types") or [], "og_type": head.get("og_type"),
    }


def extract_article(
    page: bytes | str,
    url: str,
    fetched_at: str | datetime,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Extract the article record of CONTRACTS.md from one page; raise ExtractionError on failure."""
    text = decode_page(page, headers) if isinstance(page, bytes) else page
    if not text.strip():
        raise ExtractionError("empty")
    return build_record(parse_html(text), url, dates.fetch_time(fetched_at))
