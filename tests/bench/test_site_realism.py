"""The benchmark's generated pages carry real-sized furniture, and extraction still reads exactly the article."""

from __future__ import annotations

import random

from bench.calibration import medians, structure
from bench.extraction import FETCHED_AT, site_pages
from crawler.extract import extract_article
from demosite.editions import DEMO_COUNT
from demosite.noise import Noise
from demosite.site import Site

BASE = "http://127.0.0.1:8000/"


def test_generated_pages_have_the_structure_of_real_pages() -> None:
    found = medians(site_pages(300, 30))
    # The corpus's medians: ~820-870 elements, ~19 deep, ~135-140 links (bench.calibration).
    assert 650 <= found["elements"] <= 1100, found
    assert found["max_depth"] >= 15 and 100 <= found["links"] <= 200, found
    assert 60 <= found["kb"] <= 150, found


def test_demo_articles_keep_their_light_pages() -> None:
    site = Site(articles=DEMO_COUNT, seed=0)
    article = site.articles(1)[0]
    assert structure(Noise().render(site.page(article.path, 1, BASE)))["elements"] < 400


def test_furnished_articles_extract_to_exactly_their_text_on_every_fetch() -> None:
    site = Site(articles=400, seed=3, edit_fraction=0.1)
    noise = Noise()
    for edition in (1, 3):
        generated = [a for a in site.articles(edition) if a.number > DEMO_COUNT]
        for article in random.Random(edition).sample(generated, 8):
            page = site.page(article.path, edition, BASE)
            url = BASE + article.path.lstrip("/")
            records = [extract_article(noise.render(page), url, FETCHED_AT) for _ in range(2)]
            assert records[0]["text"] == records[1]["text"] == article.text, article.path
            assert records[0]["title"] == article.title
            assert records[0]["counters"]["comments"] == article.comments
            assert records[0]["published"][:10] == article.published[:10]
