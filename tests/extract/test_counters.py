"""Engagement counters: each source, and each kind of distractor that must not count."""

import json

import pytest

from crawler.extract import extract_article
from tests.extract.pages import FETCHED, URL, article_page


def counters_of(page: str) -> dict[str, int]:
    return extract_article(page.encode(), URL, FETCHED)["counters"]


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_jsonld_comment_count() -> None:
    page = article_page(head=ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x", "commentCount": 12}))
    assert counters_of(page) == {"comments": 12}


def test_jsonld_interaction_statistic_in_graph() -> None:
    stats = [{"@type": "InteractionCounter", "interactionType": "https://schema.org/LikeAction", "userInteractionCount": 40},
             {"@type": "InteractionCounter", "interactionType": {"@type": "ShareAction"}, "userInteractionCount": "7"},
             {"@type": "InteractionCounter", "interactionType": "http://schema.org/WatchAction", "userInteractionCount": 900}]
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Demo"},
             {"@type": "BlogPosting", "headline": "x", "interactionStatistic": stats}]}
    assert counters_of(article_page(head=ld(graph))) == {"likes": 40, "shares": 7, "views": 900}


def test_jsonld_reply_action_counts_comments() -> None:
    thread = {"@type": "DiscussionForumPosting", "headline": "x", "interactionStatistic": {
        "@type": "InteractionCounter", "interactionType": "https://schema.org/ReplyAction", "userInteractionCount": 17}}
    assert counters_of(article_page(head=ld(thread))) == {"comments": 17}


def test_jsonld_twin_entities_of_one_article_are_merged() -> None:
    """Two SEO plugins each declare the article; the count is on the one with fewer fields."""
    page_url = "https://news.example/2024/05/harbour-plan/"
    counted = {"@type": "NewsArticle", "@id": page_url + "#article", "headline": "Harbour plan approved", "commentCount": 5}
    fuller = {"@type": "NewsArticle", "headline": "Harbour plan approved", "articleBody": "Text.", "author": {"name": "Ann"},
              "datePublished": "2024-05-01", "mainEntityOfPage": {"@id": page_url}}
    other = {"@type": "NewsArticle", "headline": "Another story", "commentCount": 99, "url": "https://news.example/other/"}
    page = article_page(head=ld({"@graph": [counted, fuller, other]}))
    assert counters_of(page) == {"comments": 5}


def test_vote_score_between_up_and_down_buttons() -> None:
    widget = ('<div class="votes"><button aria-label="upvote"></button><div>124</div>'
              '<button aria-label="downvote"></button></div>')
    assert counters_of(article_page(meta_block=widget)) == {"score": 124}


def test_microdata_counters() -> None:
    block = ('<div itemscope itemtype="https://schema.org/NewsArticle"><meta itemprop="commentCount" content="5">'
             '<div itemprop="interactionStatistic" itemscope itemtype="https://schema.org/InteractionCounter">'
             '<meta itemprop="interactionType" content="https://schema.org/LikeAction">'
             '<meta itemprop="userInteractionCount" content="3"></div></div>')
    assert counters_of(article_page(meta_block=block)) == {"comments": 5, "likes": 3}


def test_seed_bare_numbers_in_theme_classes() -> None:
    block = '<span class="comments-link"><a href="#comments">0</a></span><span class="post-views">54</span>'
    record = extract_article(article_page(meta_block=block).encode(), URL, FETCHED)
    assert record["counters"] == {"comments": 0, "views": 54}
    assert "54" not in record["text"]


@pytest.mark.parametrize(("shown", "expected"), [
    ("1.2K shares", {"shares": 1200}),
    ("1,234 views", {"views": 1234}),
    ('<a href="#comments">12 Comments</a>', {"comments": 12}),
    ("12 Kommentare", {"comments": 12}),
    ("12 comentarios", {"comments": 12}),
    ("Comments (3)", {"comments": 3}),
])
def test_visible_labelled_counts(shown: str, expected: dict[str, int]) -> None:
    page = article_page(meta_block=f'<span class="byline">By Ann Lee</span> <span>{shown}</span>')
    record = extract_article(page.encode(), URL, FETCHED)
    assert record["counters"] == expected
    assert not any(word in record["text"] for word in ("shares", "views", "Comments", "Kommentare", "comentarios"))


def test_counts_in_icon_buttons() -> None:
    bar = ('<div class="action-bar"><button data-testid="RatingButton"><svg><title>Rate</title></svg>'
           '<span class="counter">99</span></button><button class="share-btn"><svg><use href="#icon-share"></use>'
           '</svg><span>5</span></button><a class="btn do-favorite"><span class="btn-text">7</span></a></div>')
    assert counters_of(article_page(meta_block=bar)) == {"ratings": 99, "shares": 5, "likes": 7}


def test_comments_section_heading() -> None:
    after = '<div id="comments" class="comments-area"><h2 class="comments-title">4 Comments</h2></div>'
    assert counters_of(article_page(after=after)) == {"comments": 4}


def test_declared_count_wins_over_visible() -> None:
    page = article_page(head=ld({"@type": "NewsArticle", "headline": "x", "commentCount": 9}),
                        meta_block="<span>8 comments</span>")
    assert counters_of(page) == {"comments": 9}


SIDEBAR_POPULAR = ('<section class="widget widget_popular"><h2>Most popular</h2><ul>'
                   '<li><a href="/other-story/">Other story</a> <span class="post-views">5,321 views</span> '
                   '<span>44 comments</span></li></ul></section>')


@pytest.mark.parametrize("distractor", [
    pytest.param({"sidebar": SIDEBAR_POPULAR}, id="sidebar-most-popular"),
    pytest.param({"after": '<div class="related-posts"><div class="card"><a href="/x/">X</a>'
                           '<span>12 comments</span></div></div>'}, id="related-teasers"),
    pytest.param({"after": '<ul><li><a href="https://news.example/2024/05/other/#comments">31 Comments</a></li></ul>'},
                 id="teaser-link-to-other-article"),
    pytest.param({"meta_block": "<!-- <span class='comment-count'>17 comments</span> -->"}, id="html-comment"),
    pytest.param({"after": '<div class="block"><h3 class="block-header">Ähnliche Themen</h3><div class="item">'
                           '<a href="/threads/other/">Other</a><dl><dt>Aufrufe</dt><dd>22K</dd></dl></div></div>'},
                 id="similar-threads-heading"),
    pytest.param({"meta_block": '<span class="subscribers">12K subscribers</span> <span>5,000 followers</span>'},
                 id="subscriber-counts"),
])
def test_distractors_give_no_counter(distractor: dict[str, str]) -> None:
    assert counters_of(article_page(**distractor)) == {}


def test_a_headline_that_starts_like_a_related_block_keeps_its_counters() -> None:
    page = ('<html><body><div class="post"><h2>Trending: the mayor resigns</h2>'
            '<div class="meta"><span>12 comments</span></div><p>Text.</p></div></body></html>')
    assert counters_of(page) == {"comments": 12}


def test_the_post_score_comes_before_the_answers_scores() -> None:
    def widget(n: int) -> str:
        return f'<div><button class="upvote">+</button><span>{n}</span><button class="downvote">-</button></div>'
    answers = "".join(f'<div class="answer">{widget(n)}<p>Answer.</p></div>' for n in (3, 0, 0))
    assert counters_of(article_page(meta_block=widget(42), after=answers)) == {"score": 42}


def test_a_video_or_review_of_the_same_page_lends_the_article_nothing() -> None:
    page_url = "https://news.example/2024/05/harbour-plan/"
    article = {"@type": "NewsArticle", "headline": "Harbour plan approved", "isAccessibleForFree": True}
    video = {"@type": "VideoObject", "@id": page_url + "#video", "name": "Harbour plan approved",
             "headline": "Harbour plan approved", "author": {"name": "Video Crew"}, "isAccessibleForFree": False,
             "interactionStatistic": {"interactionType": "WatchAction", "userInteractionCount": 987}}
    record = extract_article(article_page(head=ld({"@graph": [article, video]})).encode(), URL, FETCHED)
    assert record["counters"] == {} and "Video Crew" not in record["authors"] and not record["paywalled"]
