"""Body text: noise out, so an unchanged article extracts to the same text on every fetch."""

from crawler.extract import extract_article
from crawler.extract.body import fuller, reconcile, without_repeats
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
