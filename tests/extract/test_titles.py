"""Headline choice and clean-up: one small page per rule."""

from crawler.extract import extract_article
from crawler.extract.parse import parse_html
from crawler.extract.titles import choose_title, clean, strip_chrome, strip_site, truncated
from tests.extract.pages import FETCHED, URL, article_page

SITE = "Demo Gazette"


def page(h1s: list[str]) -> str:
    return "<html><body>" + "".join(f"<h1>{h}</h1>" for h in h1s) + "<p>Story text.</p></body></html>"


def choose(h1s: list[str], *meta_titles: str | None, news: str | None = None, url: str = URL) -> str | None:
    return choose_title(parse_html(page(h1s)), list(meta_titles), SITE, url, news_headline=news)


def test_entities_escaped_twice_are_decoded() -> None:
    assert clean("And finally&amp;#8230; trouble brewing") == "And finally… trouble brewing"
    assert clean("Python, SQL &#x26; AI") == "Python, SQL & AI"


def test_utf8_mojibake_is_repaired() -> None:
    assert clean("A DIY Investor\u00e2\u0080\u0099s Guide") == "A DIY Investor’s Guide"
    assert clean("Caf\u00c3\u00a9 opens") == "Café opens"
    assert clean("Déjà vu in Zürich") == "Déjà vu in Zürich"


def test_markdown_markers_are_dropped() -> None:
    assert clean("## Harbour plan approved") == "Harbour plan approved"
    assert clean("*A Treatise on Coffee* (1792)") == "A Treatise on Coffee (1792)"
    assert clean("Snake_case names, 5 * 3 stars") == "Snake_case names, 5 * 3 stars"


def test_dangling_separator_is_dropped() -> None:
    assert clean("Top home gym must haves ⋆") == "Top home gym must haves"
    assert clean("Harbour plan approved |") == "Harbour plan approved"
    assert clean("도입 또다시 불발···") == "도입 또다시 불발···"
    assert clean("Meloni: «Pronti a lavorare»") == "Meloni: «Pronti a lavorare»"


def test_site_name_containing_a_separator_is_stripped_whole() -> None:
    title = "The beginner's guide to gym equipment - Urge Fitness | Gyms Near Me in PA and NJ"
    assert strip_site(title, "Urge Fitness | Gyms Near Me in PA and NJ", "https://gym.example/guide/") == \
        "The beginner's guide to gym equipment"


def test_leading_bare_domain_is_stripped() -> None:
    assert strip_site("news.example Vibe coding", None, URL) == "Vibe coding"
    assert strip_site("Why news.example matters", None, URL) == "Why news.example matters"


def test_h1_with_site_suffix_is_stripped() -> None:
    assert choose(["Best movers in NYC 2025 | Demo Gazette"], "Best movers in NYC 2025 | Demo Gazette") == \
        "Best movers in NYC 2025"


def test_truncated_declared_headline_gives_way_to_the_full_title() -> None:
    full = "Fix it Friday: how to arrange your living room? We help four readers (including one trick that works)"
    cut = full[:full.index("(including") + len("(including")]
    assert truncated(cut, [cut, full])
    assert not truncated("Chelsea send a message", ["Chelsea send a message", "Chelsea send a message at Cobham"])
    assert choose([], cut, full + " - Demo Gazette") == full


def test_h1_page_chrome_yields_the_metadata_title() -> None:
    assert strip_chrome("Dec 18 2025 Preparing a transition") == "Preparing a transition"
    assert strip_chrome("Top strategies for security Posted on July 1, 2024 by admin") == "Top strategies for security"
    assert strip_chrome("Grads find degrees no longer guarantee jobs (latimes.com) 87") == \
        "Grads find degrees no longer guarantee jobs"
    assert choose(["Blog: Best social media agencies in 2025"], "Best social media agencies in 2025 | Demo Gazette") == \
        "Best social media agencies in 2025"


def test_h1_chrome_is_kept_without_a_metadata_title_to_confirm_it() -> None:
    assert choose(["Exclusive: Harbour plan approved"], "Harbour plan approved after vote tonight") == "Exclusive: Harbour plan approved"


def test_h1_with_question_marks_for_unencodable_characters_yields_metadata() -> None:
    assert choose(["Event planning? Beginner? Guide"], "Event planning: Beginner's Guide") == \
        "Event planning: Beginner's Guide"
    assert choose(["Is the harbour plan working?"], "Is the harbour plan working?") == "Is the harbour plan working?"


def test_one_word_section_h1_is_not_the_headline() -> None:
    title = "How we pwned X, Vercel, Cursor, Discord and hundreds of companies through a supply-chain attack"
    assert choose(["writeup.md", "Discord", "Conclusion"], title) == title


def test_h1_spelling_wins_when_one_metadata_title_has_it() -> None:
    assert choose(["What is Git and how does version control work?"],
                  '"What is Git and how does version control work?"',
                  "What is Git and how does version control work?") == "What is Git and how does version control work?"
    assert choose(["ACTUARIAL CONSULTING VS. INSURANCE"], "Actuarial Consulting vs Insurance | Demo Gazette",
                  "ACTUARIAL CONSULTING VS. INSURANCE") == "ACTUARIAL CONSULTING VS. INSURANCE"


def test_news_headline_is_cleaned_too() -> None:
    assert choose(["Other"], "Other", news="R&amp;uuml;ckbau von Atomkraftwerk") == "Rückbau von Atomkraftwerk"


def test_end_to_end_double_escaped_meta_title() -> None:
    head = '<meta property="og:title" content="Harbour plan &amp;amp; budget approved">'
    html = article_page(head=head).replace('<h1 class="entry-title">Harbour plan approved by the council</h1>', "")
    html = html.replace("<title>Harbour plan approved by the council | Demo Gazette</title>", "")
    assert extract_article(html.encode(), URL, FETCHED)["title"] == "Harbour plan & budget approved"


def test_line_break_inside_h1_separates_words() -> None:
    assert choose(["WEEKEND<br>CODING <span>AGENT</span>"], "Weekend coding agent: a manual") == "WEEKEND CODING AGENT"


def test_section_label_before_the_site_name_is_stripped() -> None:
    assert strip_site("How to help babies sleep | Patient Education | Demo Gazette", SITE, URL) == \
        "How to help babies sleep"


def test_h1_that_mentions_the_site_is_not_a_masthead() -> None:
    url = "https://www.austinhardware.example/catalog/"
    assert choose_title(parse_html(page(["Austin Hardware", "Austin Hardware Catalog"])), ["Austin Catalog Index"],
                        "Austin Hardware", url) == "Austin Hardware Catalog"


def test_blog_name_h1_before_the_title_is_a_masthead() -> None:
    url = "https://blog.engora.example/2025/12/small-models.html"
    tree = parse_html(page(["Engora Data Blog", "Leave a comment"]))
    assert choose_title(tree, ["Small adventures with small models", "Engora Data Blog: Small adventures with small models"],
                        None, url) == "Small adventures with small models"


def test_star_operator_separates_the_site_and_stars_elsewhere_stay() -> None:
    assert strip_site("Top home gym must haves ⋆ Demo Gazette", SITE, URL) == "Top home gym must haves"
    assert clean("Film review: Dune ★★★★☆") == "Film review: Dune ★★★★☆"
    assert clean("Understanding __init__ in Python") == "Understanding __init__ in Python"


def test_kicker_block_inside_h1_keeps_its_colon() -> None:
    h1 = '<div class="kicker">Stuttgart</div><span class="visually-hidden">: </span><span>City of records</span>'
    assert choose([h1], "Stuttgart: City of records | Demo Gazette") == "Stuttgart: City of records"


def test_cjk_site_suffix_without_spaces_and_middle_dots_inside_headlines() -> None:
    assert strip_site("南海トラフ、一時調査 巨大地震、基準達せず：中日新聞Web", "中日新聞Web", URL) == "南海トラフ、一時調査 巨大地震、基準達せず"
    assert strip_site("危機に直面｜日刊ゲンダイDIGITAL", "日刊ゲンダイDIGITAL", URL) == "危機に直面"
    title = "민주당 도입 또다시 불발··· 친청계 \"왜 밀어붙이나\" | 한국일보"
    assert strip_site(title, "한국일보", URL) == "민주당 도입 또다시 불발··· 친청계 \"왜 밀어붙이나\""
    assert strip_site("장동혁 제명했지만 절연 ·외연 확장 부담 커졌다ㅣ한국일보", "한국일보", URL) == "장동혁 제명했지만 절연 ·외연 확장 부담 커졌다"


def test_tagline_of_several_sentences_after_a_bar_is_stripped() -> None:
    title = "Affordable, ethical clothing brands | I travel slowly and mindfully. It is imperfect. So I lean on gratitude."
    assert strip_site(title, None, URL) == "Affordable, ethical clothing brands"
    assert strip_site("Is it over? | Yes. It is.", None, URL) == "Is it over?"
    assert strip_site("Harbour plan approved | What happens next", None, URL) == "Harbour plan approved"


def test_truncated_news_headline_gives_way_to_the_full_h1() -> None:
    full = "Fix it Friday: how to arrange your living room? We help four readers (including one trick that works)"
    cut = full[:full.index("(including") + len("(including")]
    assert choose([full], cut, news=cut) == full
    assert choose(["Chelsea send a message at Cobham"], "Chelsea send a message",
                  news="Chelsea send a message") == "Chelsea send a message"


def test_an_h1_linking_to_another_page_is_a_teaser_not_the_headline() -> None:
    # related stories set as <h1><a href="/other">...</a></h1> after the article's own headline
    h1s = ["Where to ride a bike in the old town this spring",
           '<a href="/2025/where-to-bike-and-kayak">Where to bike and kayak in town</a>']
    assert choose(h1s, "Where to bike in town | Demo Gazette") == h1s[0]
    # a headline linking to its own page (or a fragment of it) still counts
    own = [f'<a href="{URL}">Where to bike and kayak in town</a>', '<a href="#top">Where to bike</a>']
    assert choose(own, "Where to bike and kayak in town") == "Where to bike and kayak in town"
    assert choose(own[1:], "Where to bike in town") == "Where to bike"
