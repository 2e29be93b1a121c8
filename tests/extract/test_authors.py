"""Authors: declared names first, visible bylines, and the site's own name only as a last resort."""

from lxml import html

from crawler.extract import extract_article, microdata
from crawler.extract.authors import byline_authors, choose_authors, clean_authors, name_list, page_owner
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


def authors_of(meta_block: str = "", head: str = "", after: str = "") -> list[str]:
    return extract_article(article_page(meta_block=meta_block, head=head, after=after), URL, FETCHED)["authors"]


def test_byline_lines_split_where_the_page_shows_them() -> None:
    assert authors_of('<div class="author-info"><p>Luke Kim</p><small>December 17, 2025</small></div>') == ["Luke Kim"]
    assert authors_of('<div class="author-box"><div>Rachel Roe</div><div>Writer</div></div>') == ["Rachel Roe"]
    assert authors_of('<div class="author">Kommentar von<span>Jan Sellner</span></div>') == ["Jan Sellner"]
    assert authors_of('<span class="author">By <a href="/p/keith">Keith Barry</a><br>'
                      '<span>Senior Autos Reporter</span></span>') == ["Keith Barry"]


def test_long_byline_keeps_the_name_before_the_title() -> None:
    byline = ('<span class="author"><a href="/about/#dan">Daniel Burstein</a>, Senior Director, Content &amp; '
              'Marketing, MarketingSherpa and MECLABS Institute</span>')
    assert authors_of(byline) == ["Daniel Burstein"]


def test_by_line_without_author_markup() -> None:
    assert authors_of('<p class="text-xl">by: Ziyi Xu, Dec 17, 2025</p>') == ["Ziyi Xu"]
    assert authors_of('<h3>Written by Cassidy Horton</h3>') == ["Cassidy Horton"]
    assert authors_of("<p>By clicking you agree</p>") == ["news.example"]  # the site fallback


def test_publisher_forms_lose_to_a_person() -> None:
    site = "Legal Tribune Online"
    url = "https://www.lto.de/recht/a/"
    assert choose_authors([["LTO"]], ["Max Kolter"], [], site, url) == ["Max Kolter"]
    assert choose_authors([["lto.de"]], ["Max Kolter"], [], site, url) == ["Max Kolter"]
    assert choose_authors([["Demo Gazette"]], ["Tracy Parker, Dietitian"], [], "Demo Gazette", URL) == [
        "Tracy Parker, Dietitian"]
    assert choose_authors([[]], [], [], "https://twitter.com/demo", URL) == []


def test_month_like_first_names_are_names() -> None:
    assert clean_authors(["Jan Sellner", "May Wong", "Dec", "Updated March", "June 3"]) == ["Jan Sellner", "May Wong"]


def test_credits_and_buttons_are_not_names() -> None:
    assert clean_authors(["Foto: REUTERS/Nadja Wohlleben", "(Image: LightRocket via Getty Images)", "Learn More",
                          "View more posts", "Cite this Webpage", "Meaghan Weeden ●"]) == ["Meaghan Weeden"]
    assert authors_of('<div class="author-info">David at 12:30</div>') == ["David"]
    assert authors_of('<p class="author-bio">Denise Roe is a freelance writer</p>') == ["Denise Roe"]


def test_publisher_affiliation_dropped_but_newsroom_credit_kept() -> None:
    url = "https://www.mdr.de/nachrichten/a.html"
    assert choose_authors([["mdr.de"]], ["David Straub, MDR THÜRINGEN"], [], "MDR", url) == ["David Straub"]
    assert choose_authors([["Ann Lee - Demo Gazette"]], [], [], "Demo Gazette", URL) == ["Ann Lee"]
    assert choose_authors([["Redaktion Demo Gazette"]], ["Bo Chen"], [], "Demo Gazette", URL) == [
        "Redaktion Demo Gazette"]


def test_monogram_spelled_out() -> None:
    assert choose_authors([[]], ["PA"], ["Povilas Aleksandravičius", "Lrt lt"], "lrt.lt", URL) == [
        "Povilas Aleksandravičius"]
    avatar = '<div class="author-avatar">NB</div>'
    assert authors_of(avatar + '<p>By Nicole Burke</p>') == ["Nicole Burke"]
    assert choose_authors([[]], ["AP"], [], "Demo Gazette", URL) == ["AP"]


def test_page_builder_widgets_are_not_sidebars() -> None:
    bio = ("<p>Cassidy Horton is a finance writer who has written for many finance brands over the years, "
           "from banks to budgeting apps.</p>")
    widget = f'<div class="elementor-widget-container"><h3>Written by Cassidy Horton</h3>{bio}</div>'
    assert byline_authors(html.fromstring(article_page(after=widget))) == ["Cassidy Horton"]
    sidebar = f'<div class="widget"><h3>Written by Cassidy Horton</h3>{bio}</div>'
    assert byline_authors(html.fromstring(article_page(after=sidebar))) == []


def test_team_credit_is_not_the_bare_site_name() -> None:
    assert choose_authors([["Demo Gazette Team"]], ["COMPANY TYPE"], [], "Demo Gazette", URL) == ["Demo Gazette Team"]


def test_microdata_authors_of_sidebar_teasers_ignored() -> None:
    teaser = ('<article class="teaser"><span itemprop="author" itemscope itemtype="https://schema.org/Person">'
              '<span itemprop="name">Zed Zero</span></span></article>')
    page = article_page(meta_block='<span itemprop="author">Ann Lee</span>', sidebar=teaser).replace(
        "<body>", '<body itemscope itemtype="https://schema.org/Article">')
    assert microdata.read(html.fromstring(page))["authors"] == ["Ann Lee"]


def test_personal_site_owner_from_copyright() -> None:
    footer = html.fromstring("<html><body><p>Post</p><footer>© 2025 Toby Hede. All rights reserved.</footer>"
                             "</body></html>")
    assert page_owner(footer) == "Toby Hede"
    company = html.fromstring("<html><body><footer>Copyright © 2024 Acme Media Group</footer></body></html>")
    assert page_owner(company) is None
    url = "https://tobyhede.com/blog/post"
    assert choose_authors([[]], [], [], "tobyhede.com", url, owner=lambda: "Toby Hede") == ["Toby Hede"]
    assert choose_authors([[]], [], [], "Demo Gazette", URL, owner=lambda: "Toby Hede") == ["Demo Gazette"]


def test_author_container_line_with_the_name() -> None:
    dated = ('<div class="styles_dateAndAuthorContainer"><span>Dec 17, 2025</span><span>Julian K. Arni</span></div>')
    assert byline_authors(html.fromstring(article_page(meta_block=dated))) == ["Julian K. Arni"]
    assert clean_authors(["More About Me"]) == []


def test_labels_in_headings_and_before_text() -> None:
    heading = '<div><h2>Article by</h2><div class="text-xl">Matias Heikkilä</div></div>'
    assert byline_authors(html.fromstring(article_page(after=heading))) == ["Matias Heikkilä"]
    tail = '<div class="tags"><div><strong>Contributors:</strong> Janet Loughrey</div></div>'
    assert byline_authors(html.fromstring(article_page(after=tail))) == ["Janet Loughrey"]


def test_handle_agreed_by_byline_and_text_beats_the_site() -> None:
    assert choose_authors([["Instructables"]], ["MixmasterFred"], ["MixmasterFred"], "Instructables", URL) == [
        "MixmasterFred"]
    assert choose_authors([["kicker"]], ["amw"], ["amw"], "kicker", URL) == ["kicker"]  # initials are not enough


def test_reviewer_prefix_and_template_placeholders() -> None:
    assert clean_authors(["Reviewed by Justin C. Meserole", "page.head.extra.author", "{{ author }}"]) == [
        "Justin C. Meserole"]


def test_byline_labels_in_mixed_case_and_weekdays_are_not_names() -> None:
    for label in ("Personal finance", "ku Frankfurt", "Sat"):
        assert byline_authors(html.fromstring(article_page(meta_block=f'<span class="byline">{label}</span>'))) == []
    for name in ("Marna van der Merwe", "Dieter Hogen with Uta Pippig", "crazy lennys"):
        assert byline_authors(html.fromstring(article_page(meta_block=f'<span class="byline">{name}</span>'))) == [name]


def test_name_line_under_the_headline() -> None:
    page = ("<html><body><header><h1>How AI Is Transforming Healthcare</h1>"
            "<p>Aaron Ricadela | Senior Writer | July 2, 2025</p></header><p>Body text.</p></body></html>")
    assert byline_authors(html.fromstring(page)) == ["Aaron Ricadela"]
    dek = ("<html><body><h1>Harbour plan approved</h1><p>The council voted on Tuesday to approve the plan.</p>"
           "</body></html>")
    assert byline_authors(html.fromstring(dek)) == []


def test_symbols_and_archive_labels_are_not_names() -> None:
    assert clean_authors(["&", "Articles by Juliette Carreiro"]) == ["Juliette Carreiro"]


def test_comment_authors_are_not_bylines() -> None:
    comments = '<div id="comments"><p>By Zed Zero</p><span class="author">Yan Yu</span></div>'
    assert byline_authors(html.fromstring(article_page(after=comments))) == []
    page = article_page(meta_block='<span class="author-name">Ann Lee</span>').replace("<body>",
                                                                                       '<body class="comments-open">')
    assert byline_authors(html.fromstring(page)) == ["Ann Lee"]


def test_byline_of_sibling_name_elements_is_a_list() -> None:
    spans = ('<div class="article-byline"><div class="origins"><span class="simple">Birgit Baumann</span> '
             '<span class="simple">Anna Giulia Fink</span></div></div>')
    assert byline_authors(html.fromstring(article_page(meta_block=spans))) == ["Birgit Baumann", "Anna Giulia Fink"]
    joined = '<div class="byline">By <a href="/a">Jared Newman</a> and <a href="/b">Sam Singleton</a></div>'
    assert byline_authors(html.fromstring(article_page(meta_block=joined))) == ["Jared Newman and Sam Singleton"]


def test_by_line_inside_a_byline_block_and_menus() -> None:
    block = '<div class="author-block"><span>Opinion</span><span>By Charlene White</span><span>Columnist</span></div>'
    assert byline_authors(html.fromstring(article_page(meta_block=block))) == ["Charlene White"]
    assert clean_authors(["Analysis by Chris Cillizza"]) == ["Chris Cillizza"]
    dated = '<span class="author">By Sherif Saed, Wednesday, 20th November 2019</span>'
    assert byline_authors(html.fromstring(article_page(meta_block=dated))) == ["Sherif Saed"]
    menu = ('<div class="author-menu"><ul>' + "".join(f'<li class="m">{x}</li>' for x in (
        "Fox Shows", "Programming Schedule", "On Air Personalities", "Full Episodes", "Show Clips")) + "</ul></div>")
    assert name_list(html.fromstring(menu)) == []
