"""Authors: declared names first, visible bylines, and the site's own name only as a last resort."""

from crawler.extract import extract_article
from crawler.extract.authors import choose_authors, clean_authors
from tests.extract.pages import FETCHED, URL, article_page


def test_clean_names() -> None:
    assert clean_authors(["By Ann Lee", "Elena Oberholzer (obe)", "Maria &amp; Katerina", "✉Corresponding author.",
                          "https://twitter.com/x", "Updated"]) == ["Ann Lee", "Elena Oberholzer", "Maria & Katerina"]


def test_person_beats_declared_site_name() -> None:
    assert choose_authors([["Demo Gazette"]], ["Ann Lee"], [], "Demo Gazette", URL) == ["Ann Lee"]
    assert choose_authors([["Demo Gazette"]], [], [], "Demo Gazette", URL) == ["Demo Gazette"]
    assert choose_authors([[]], [], [], "Demo Gazette", URL) == ["Demo Gazette"]


def test_visible_byline_and_author_link() -> None:
    byline = '<span class="byline">By <a href="/author/ann-lee/">Ann Lee</a> on May 1, 2024</span>'
    assert extract_article(article_page(meta_block=byline), URL, FETCHED)["authors"] == ["Ann Lee"]
    label = '<div><p>Written by</p><p>Bo Chen</p></div>'
    assert extract_article(article_page(meta_block=label), URL, FETCHED)["authors"] == ["Bo Chen"]


def test_sidebar_authors_ignored() -> None:
    sidebar = '<section class="widget"><a href="/author/zed/">Zed Zero</a></section>'
    byline = '<span class="author-name">Ann Lee</span>'
    assert extract_article(article_page(meta_block=byline, sidebar=sidebar), URL, FETCHED)["authors"] == ["Ann Lee"]
