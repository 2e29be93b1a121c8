"""Pathological pages: a million paragraphs, deep nesting, mislabelled charsets, under the pool's time limit."""

import asyncio
import time

import pytest

from crawler.extract import ExtractionError, extract_article
from crawler.extract.parse import parse_html
from crawler.extract.worker import ExtractionPool
from tests.extract.pages import FETCHED, URL, article_page

DEEP_TEXT = "The deeply nested paragraph still reaches the archive intact. " * 6
TIMEOUT_SECONDS = 3
BOUND_SECONDS = 30


def nested_page(depth: int) -> str:
    inner = "<div>" * depth + f"<p>{DEEP_TEXT}</p>" + "</div>" * depth
    return article_page().replace('<div class="entry-content">', f'<div class="entry-content">{inner}')


def million_paragraphs() -> bytes:
    return ("<html><body><article>" + "<p>x</p>" * 1_000_000 + "</article></body></html>").encode()


@pytest.mark.parametrize("depth", [300, 3000])
def test_deep_nesting_keeps_text(depth: int) -> None:
    assert "deeply nested" in parse_html(nested_page(depth)).text_content()
    assert "deeply nested paragraph" in extract_article(nested_page(depth), URL, FETCHED)["text"]


def test_deep_nesting_of_other_tags_keeps_text_or_says_why() -> None:
    inner = "<blockquote><b>" * 1500 + f"<p>{DEEP_TEXT}</p>" + "</b></blockquote>" * 1500
    page = article_page().replace('<div class="entry-content">', f'<div class="entry-content">{inner}')
    try:
        assert "deeply nested paragraph" in extract_article(page, URL, FETCHED)["text"]
    except ExtractionError as error:
        assert error.reason == "too_deep"


def test_text_after_a_stray_closing_html_tag_is_kept() -> None:
    # A CMS snippet closes </body></html> early; browsers keep rendering what follows inside the body.
    page = article_page().replace('<div class="entry-content">', '</body></html><div class="entry-content">', 1)
    tree = parse_html(page)
    assert [child.tag for child in tree] == ["head", "body"]
    assert "entry-content" in (tree.body.xpath("string(//div[@class='entry-content']/@class)"))
    record = extract_article(page, URL, FETCHED)
    assert record["text"] == extract_article(article_page(), URL, FETCHED)["text"]


@pytest.fixture(scope="module")
def pool() -> ExtractionPool:
    with ExtractionPool(workers=2, timeout=TIMEOUT_SECONDS) as extraction_pool:
        yield extraction_pool


def test_pool_extracts(pool: ExtractionPool) -> None:
    record = pool.submit(nested_page(300).encode(), URL, FETCHED, {"Content-Type": "text/html"}).result(BOUND_SECONDS)
    assert "deeply nested paragraph" in record["text"]


def test_pool_mislabelled_charset(pool: ExtractionPool) -> None:
    page = article_page(title="Bürger gegen Straßenplan").encode()
    record = pool.submit(page, URL, FETCHED, {"content-type": "text/html; charset=ISO-8859-1"}).result(BOUND_SECONDS)
    assert record["title"] == "Bürger gegen Straßenplan"


def test_pool_failure_is_an_extraction_error(pool: ExtractionPool) -> None:
    with pytest.raises(ExtractionError) as caught:
        pool.submit(b"", URL, FETCHED).result(BOUND_SECONDS)
    assert caught.value.reason == "empty"


def test_million_paragraphs_times_out_and_pool_recovers(pool: ExtractionPool) -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError) as caught:
        pool.submit(million_paragraphs(), URL, FETCHED).result(BOUND_SECONDS)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < BOUND_SECONDS
    assert pool.submit(article_page().encode(), URL, FETCHED).result(BOUND_SECONDS)["text"]


def test_pool_from_asyncio(pool: ExtractionPool) -> None:
    async def both() -> list:
        futures = [asyncio.wrap_future(pool.submit(article_page().encode(), URL, FETCHED)),
                   asyncio.wrap_future(pool.submit(b"", URL, FETCHED))]
        return await asyncio.gather(*futures, return_exceptions=True)

    record, error = asyncio.run(both())
    assert record["title"] == "Harbour plan approved by the council"
    assert isinstance(error, ExtractionError) and error.reason == "empty"
