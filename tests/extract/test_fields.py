"""Each record field from each source, merged most trustworthy first."""

import json

from crawler.extract import ExtractionError, extract_article
from crawler.extract.titles import strip_site
from tests.extract.pages import FETCHED, URL, article_page

KEYS = {"title", "subtitle", "text", "authors", "published", "modified", "language", "site_name", "section",
        "image", "tags", "paywalled", "counters", "canonical_url", "schema_types", "og_type"}


def extract(page: str) -> dict:
    return extract_article(page.encode(), URL, FETCHED)


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_every_key_present() -> None:
    assert set(extract(article_page())) == KEYS


def test_jsonld_graph_fields() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "#org", "name": "Demo Gazette"},
        {"@type": "Person", "@id": "#ann", "name": "Ann Lee"},
        {"@type": ["NewsArticle"], "headline": "Harbour plan approved by the council", "author": [{"@id": "#ann"}, {"@type": "Person", "name": "By Bo Chen"}],
         "datePublished": "2024-05-01T09:30:00+02:00", "dateModified": "2024-05-01T15:00:00+02:00",
         "publisher": {"@id": "#org"}, "articleSection": "Local", "keywords": "harbour, council",
         "inLanguage": "en-GB", "isAccessibleForFree": "False", "url": URL}]}
    record = extract(article_page(head=ld(graph)))
    assert record["authors"] == ["Ann Lee", "Bo Chen"]
    assert record["published"] == "2024-05-01T09:30:00+02:00"
    assert record["modified"] == "2024-05-01T15:00:00+02:00"
    assert record["site_name"] == "Demo Gazette"
    assert record["section"] == "Local"
    assert record["tags"] == ["harbour", "council"]
    assert record["language"] == "en"
    assert record["paywalled"] is True
    assert record["schema_types"] == ["NewsArticle"]


def test_opengraph_and_meta_fields() -> None:
    head = ('<meta property="og:type" content="article"><meta property="og:site_name" content="Demo Gazette">'
            '<meta property="article:published_time" content="2024-05-01T07:00:00Z">'
            '<meta property="article:modified_time" content="2024-05-01T08:00:00Z">'
            '<meta name="author" content="Ann Lee"><link rel="canonical" href="/2024/05/harbour-plan/">'
            '<meta property="og:image" content="https://news.example/a.jpg">')
    record = extract(article_page(head=head))
    assert record["og_type"] == "article"
    assert record["canonical_url"] == "https://news.example/2024/05/harbour-plan/"
    assert record["published"] == "2024-05-01T07:00:00+00:00"
    assert record["modified"] == "2024-05-01T08:00:00+00:00"
    assert record["authors"] == ["Ann Lee"]
    assert record["image"] == "https://news.example/a.jpg"


def test_microdata_fields() -> None:
    block = ('<div itemscope itemtype="http://schema.org/NewsArticle"><span itemprop="author" itemscope '
             'itemtype="http://schema.org/Person"><span itemprop="name">Cara Diaz</span></span>'
             '<time itemprop="datePublished" datetime="2024-04-30T10:00:00-04:00">April 30</time></div>')
    record = extract(article_page(meta_block=block))
    assert record["authors"] == ["Cara Diaz"]
    assert record["published"] == "2024-04-30T10:00:00-04:00"


def test_title_suffix_stripped() -> None:
    assert strip_site("Harbour plan approved | Demo Gazette", "Demo Gazette", URL) == "Harbour plan approved"
    assert strip_site("Harbour plan approved - News Example", None, URL) == "Harbour plan approved"
    assert strip_site("Q&A: what next - a guide", None, URL) == "Q&A: what next - a guide"


def test_title_without_h1_uses_stripped_metadata() -> None:
    page = article_page().replace('<h1 class="entry-title">Harbour plan approved by the council</h1>', "")
    assert extract(page)["title"] == "Harbour plan approved by the council"


def test_language_declared_but_text_disagrees() -> None:
    german = "".join(f"<p>Der Stadtrat hat am Montag den Plan für den Hafen beschlossen, sagte die Bürgermeisterin {i}.</p>" for i in range(6))
    page = article_page(lang="en-US").replace('<div class="entry-content">', f'<div class="entry-content">{german}')
    page = page.replace("Paragraph", "Absatz")
    assert extract(page.replace("council's plan for the harbour", "Plan"))["language"] in {"de", "en"}
    assert extract(article_page(lang="en-US"))["language"] == "en"


def test_date_after_fetch_is_rejected() -> None:
    head = '<meta property="article:published_time" content="2031-01-01T00:00:00Z">'
    assert extract(article_page(head=head))["published"] != "2031-01-01T00:00:00+00:00"


def test_not_html_and_empty() -> None:
    for page, reason in ((b"\x89PNG\r\n\x1a\n\x00\x00", "not_html"), (b"", "empty"),
                         (b"<html><body></body></html>", "empty")):
        try:
            extract_article(page, URL, FETCHED)
        except ExtractionError as error:
            assert error.reason == reason
        else:
            raise AssertionError(f"no error for {page!r}")


def test_visible_paywall() -> None:
    box = '<div class="paywall-box"><p>Subscribe to read the rest of this story.</p></div>'
    assert extract(article_page(after=box))["paywalled"] is True
    assert extract(article_page(after='<div class="paywall"></div>'))["paywalled"] is False
