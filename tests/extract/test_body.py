"""Body text: noise out, so an unchanged article extracts to the same text on every fetch."""

from crawler.extract import extract_article
from tests.extract.pages import FETCHED, URL, article_page

NOISE = ('<div class="share-bar"><a>Share on Facebook</a><a>Tweet</a><span class="share-count">1.2K</span></div>'
         "<p>Updated {minutes} minutes ago</p>")
INSERT = '<p><strong>READ MORE: <a href="/other/">{headline}</a></strong></p>'
NEWSLETTER = ('<div class="newsletter-signup"><h3>Sign up for our newsletter</h3>'
              "<p>Get the morning briefing in your inbox.</p></div>")


def fetch(minutes: int, views: int, headline: str) -> dict:
    body = NOISE.format(minutes=minutes) + INSERT.format(headline=headline) + NEWSLETTER
    page = article_page(meta_block=f'<span class="post-views">{views}</span>')
    page = page.replace('<div class="entry-content">', f'<div class="entry-content">{body}')
    return extract_article(page.encode(), URL, FETCHED)


def test_noise_removed() -> None:
    text = fetch(5, 54, "Mayor resigns")["text"]
    for noise in ("Updated 5 minutes ago", "READ MORE", "Mayor resigns", "Share on Facebook", "newsletter", "54"):
        assert noise not in text
    assert text.startswith("Paragraph 0")


def test_same_text_on_every_fetch() -> None:
    first, second = fetch(5, 54, "Mayor resigns"), fetch(47, 1203, "Storm warning issued")
    assert first["text"] == second["text"]
    assert (first["counters"]["views"], second["counters"]["views"]) == (54, 1203)


def test_paragraphs_separated_by_blank_line() -> None:
    paragraphs = fetch(1, 1, "x")["text"].split("\n\n")
    assert len(paragraphs) == 6
    assert all(p.startswith("Paragraph") for p in paragraphs)
