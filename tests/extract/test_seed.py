"""The demo site's seed page: counters under the headline stay out of the body."""

from crawler.extract import ExtractionError, extract_article

SEED = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | Demo Gazette</title></head><body>
<article class="post"><h1 class="entry-title">Harbour bridge reopens after repairs</h1>
<div class="entry-meta"><span class="comments-link"><a href="#comments">0</a></span>
<span class="post-views">54</span></div>
<div class="entry-content">
<p>The harbour bridge reopened to traffic on Monday after three months of repairs to its deck.</p>
<p>Engineers replaced the expansion joints and resurfaced the whole span, the city said.</p>
<p>Commuters had faced long detours through the old town since the closure in the spring.</p>
</div></article></body></html>"""


def test_seed_counters_and_text() -> None:
    record = extract_article(SEED.encode(), "http://127.0.0.1/a", "2024-05-01T10:00:00Z")
    assert record["counters"] == {"comments": 0, "views": 54}
    assert "54" not in record["text"]
    assert "harbour bridge reopened" in record["text"]


def test_empty_page_raises() -> None:
    try:
        extract_article(b"  ", "http://127.0.0.1/a", "2024-05-01T10:00:00Z")
    except ExtractionError as error:
        assert error.reason == "empty"
    else:
        raise AssertionError("no error")
