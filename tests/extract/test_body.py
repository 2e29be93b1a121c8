"""Body text: noise out, so an unchanged article extracts to the same text on every fetch."""

import json

from crawler.extract import extract_article
from crawler.extract.body import (clean_text, elsewhere, fuller, readability_text, reconcile, run_trafilatura,
                                  settle_comments, without_repeats)
from crawler.extract.parse import parse_html
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


STORY = [f"Sentence {i} of the article explains the budget of the harbour plan in plain words." for i in range(6)]


def test_tail_readability_disowns_is_cut() -> None:
    teasers = ["More from the site", "Ten gadgets you need this summer", "Call us today at 555 0100"]
    text = "\n\n".join([*STORY, *teasers])
    assert reconcile(text, "\n\n".join(STORY)) == "\n\n".join(STORY)


def test_tail_kept_when_readability_saw_only_a_part() -> None:
    text = "\n\n".join(STORY)
    assert reconcile(text, "\n\n".join(STORY[:2])) == text


def test_skipped_middle_block_is_filled() -> None:
    block = [f"- Step {i}: a list item with enough words to be part of the article body text." for i in range(4)]
    ours = [STORY[0], STORY[1], STORY[2], STORY[3]]
    theirs = [STORY[0], STORY[1], *block, STORY[2], STORY[3]]
    assert reconcile("\n\n".join(ours), "\n\n".join(theirs)).split("\n\n") == theirs


def test_lone_caption_between_paragraphs_stays_out() -> None:
    text = "\n\n".join(STORY)
    theirs = [*STORY[:3], "Photo: Agency", *STORY[3:]]
    assert reconcile(text, "\n\n".join(theirs)) == text


def test_div_block_neither_lost_nor_doubled() -> None:
    listing = "".join(f"<div>Item {i} of the harbour works list, with its budget line and its date.</div>"
                      for i in range(8))
    page = article_page().replace("<p>Paragraph 3", f"<div class='steps'>{listing}</div><p>Paragraph 3")
    text = extract_article(page.encode(), URL, FETCHED)["text"]
    assert text.count("Item 0 of") == 1
    assert text.index("Paragraph 2") < text.index("Item 0") < text.index("Item 7") < text.index("Paragraph 3")


def test_much_fuller_candidate_holding_our_text_wins() -> None:
    ours = "\n\n".join(STORY[:2])
    assert fuller(ours, "\n\n".join(STORY), 0.9) == "\n\n".join(STORY)


def test_longer_candidate_about_something_else_loses() -> None:
    ours = "\n\n".join(STORY[:2])
    other = "\n\n".join(f"Teaser {i} for another story on the site, with a few words of summary." for i in range(9))
    assert fuller(ours, other, 0.5) == ours


def test_second_copy_of_long_paragraph_dropped_short_repeats_kept() -> None:
    text = "\n\n".join([STORY[0], "Pros", STORY[1], "Pros", STORY[0]])
    assert without_repeats(text) == "\n\n".join([STORY[0], "Pros", STORY[1], "Pros"])


PROMO = ["Centralize and scale your training with our platform!", "Book a demo", "Keep costs low with us."]


def test_article_readability_found_elsewhere_replaces_a_promo_box() -> None:
    ours, theirs = "\n\n".join(PROMO), "\n\n".join(STORY)
    assert elsewhere(ours, theirs, page_words=200)
    # readability's block shares our text: it is the same article, reconciled instead
    assert not elsewhere("\n\n".join(STORY[:2]), "\n\n".join(STORY * 2), page_words=200)
    # the page's paragraphs do not hold that much text: no article is hiding there
    assert not elsewhere(ours, theirs, page_words=20)


def test_promo_box_extraction_gives_way_to_the_article() -> None:
    promo = "".join(f"<p>{line}</p>" for line in PROMO)
    page = ("<html><body><div class='promo'><h2>Why us</h2>" + promo + "</div>"
            "<div class='post-body'><h1>The harbour plan</h1>" + "".join(f"<p>{s} {s}</p>" for s in STORY) + "</div>"
            "</body></html>")
    tree = parse_html(page)
    second = readability_text(tree, URL)
    assert elsewhere("\n\n".join(PROMO), second, sum(len(p.text_content().split()) for p in tree.iter("p")))


UPDATES = [(f"Update {i}: the vote", f"Post {i} of the live blog reports how councillor number {i} voted on the "
            "harbour plan and what the crowd outside the town hall said about it.") for i in range(12)]


def live_blog_page(in_dom: bool) -> str:
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Harbour vote: live",
          "liveBlogUpdate": [{"@type": "BlogPosting", "headline": h, "articleBody": b} for h, b in UPDATES]}
    posts = "".join(f"<div class='live-post'><h2>{h}</h2><p>{b}</p></div>" for h, b in UPDATES) if in_dom else ""
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    return article_page(head=head, after=posts)


def test_live_blog_updates_follow_the_summary() -> None:
    text = extract_article(live_blog_page(in_dom=False), URL, FETCHED)["text"]
    assert text.startswith("Paragraph 0")
    assert text.endswith("\n\n".join(f"{h}\n\n{b}" for h, b in UPDATES))


def test_live_blog_updates_we_have_are_not_added_again() -> None:
    text = extract_article(live_blog_page(in_dom=True), URL, FETCHED)["text"]
    assert text.count("Post 3 of the live blog") == 1


def _post(content: str) -> str:
    return f"<html><body><article><h1>The harbour plan</h1><div class='post-content'>{content}</div></article></body></html>"


def test_article_inside_a_comment_named_wrapper_is_not_cut_out_as_comments() -> None:
    page = _post("<div class='commentOnSelection'>" + "".join(f"<p>{s}</p>" for s in STORY) + "</div>")
    assert run_trafilatura(parse_html(page), URL, "2024-05-02").text.split("\n") == STORY


def test_a_comment_section_after_the_text_is_still_left_out() -> None:
    page = _post("".join(f"<p>{s}</p>" for s in STORY)
                 + "<div class='comment'><p>Reader one: I disagree with the plan entirely, it is far too costly.</p></div>")
    assert "Reader one" not in extract_article(page, URL, FETCHED)["text"]


def test_collapsed_accordion_panels_are_read_like_open_ones() -> None:
    panels = "".join(
        f"<div class='accordion'><button aria-controls='p{i}'>Step {i}</button>"
        f"<div id='p{i}' role='region' style='display:none;'><p>{s} {s}</p></div></div>"
        for i, s in enumerate(STORY))
    modal = "<div class='modal' style='display:none'><p>" + "Subscribe now to read everything we publish. " * 5 + "</p></div>"
    page = _post("<p>" + STORY[0] + "</p>" + panels + modal)
    text = extract_article(page, URL, FETCHED)["text"]
    assert all(s in text for s in STORY[1:])
    assert "Subscribe now" not in text


def test_comment_sections_are_removed_and_the_article_kept() -> None:
    comments = "".join(f"<div class='comment'><div class='content'>Reader {i} says the plan costs too much.</div></div>"
                       for i in range(3))
    page = ("<html><body><div id='content'><h1>The harbour plan</h1><div class='entry-content commentable'>"
            + "".join(f"<p>{s}</p>" for s in STORY) + "</div>"
            f"<div id='commentsContainer'><div id='comments'><h2>Top Rated Comments</h2>{comments}</div></div>"
            "<ol class='commentlist'><li>Reader four agrees.</li></ol><div id='disqus_thread'></div></div></body></html>")
    tree = parse_html(page)
    settle_comments(tree)
    assert "Reader" not in tree.text_content()
    assert [p.text for p in tree.iter("p")] == STORY
    assert tree.xpath("//div[@class='entry-content able']")  # the article's own wrapper stays, unmarked


def test_page_furniture_lines_are_noise_but_prose_and_dated_corrections_stay() -> None:
    stamps = ["Stand: 22.04.2024, 06:00 Uhr", "Last updated: April 21, 2025", "Published on 14 February 2025",
              "19/12/2025", "Les også: Tone Damli ofret musikkarrieren", "Czytaj więcej", "Table of Contents",
              "Inhaltsverzeichnis", "5 min read", "Lesezeit: 4 Minuten", "View this post on Instagram",
              "Externer Inhalt nicht verfügbar", "Learn more", "Continue reading →"]
    kept = ["Correction: February 29, 2024", "The vote of January 5, 2024", "Learn more about the plan below.",
            "5 minutes of silence were held.", STORY[0]]
    assert clean_text("\n".join(stamps + kept)).split("\n\n") == kept


def test_readabilitys_second_opinion_never_reads_the_comments() -> None:
    comments = "".join(f"<div class='comment-body'><p>Reader {i}: {STORY[0]} {STORY[1]} {STORY[2]}</p></div>"
                       for i in range(12))
    page = ("<html><body><article><h1>The harbour plan</h1>" + "".join(f"<p>{s}</p>" for s in STORY[:2])
            + f"</article><section id='comments'>{comments}</section></body></html>")
    assert "Reader" not in readability_text(parse_html(page), URL)
