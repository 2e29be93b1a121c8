"""Dates: ISO 8601 with the page's zone kept, sanity limits, the order of trust between sources, and shown days."""

from datetime import date

from lxml import html

from crawler.extract import dates

FETCHED = dates.fetch_time("2024-05-02T08:00:00Z")


def page(shown: str) -> html.HtmlElement:
    return html.fromstring(f"<html><body><h1>Harbour plan approved</h1><p class='byline'>{shown}</p>"
                           "<p>On 3 March 2021 the council first discussed the plan.</p></body></html>")


def test_normalise_keeps_zone_and_rejects_future() -> None:
    assert dates.normalise("2024-05-01T09:30:00+02:00", FETCHED) == "2024-05-01T09:30:00+02:00"
    assert dates.normalise("2024-05-01", FETCHED) == "2024-05-01"
    assert dates.normalise("Wed, 01 May 2024 07:30:00 GMT", FETCHED) == "2024-05-01T07:30:00+00:00"
    assert dates.normalise("2031-01-01", FETCHED) is None
    assert dates.normalise("1970-01-01", FETCHED) is None


def test_visible_days_in_several_languages() -> None:
    for shown in ("May 1, 2024", "1. Mai 2024", "1 de mayo de 2024", "01.05.2024", "2024-05-01", "1 maggio 2024",
                  "1 mei 2024", "1 de maio de 2024"):
        assert dates.visible_days(page(shown), FETCHED)[0].isoformat() == "2024-05-01", shown


def test_declared_date_kept_when_shown_or_when_other_days_are_only_mentioned_in_prose() -> None:
    declared = ["2024-05-01T09:30:00+02:00"]
    assert dates.choose_published(declared, None, page("May 1, 2024"), FETCHED) == declared[0]
    assert dates.choose_published(declared, None, page("no date here"), FETCHED) == declared[0]


def test_later_shown_update_day_wins() -> None:
    tree = page("Updated May 2, 2024")
    assert dates.choose_published(["2023-01-10T09:00:00Z", "2024-05-02T06:00:00Z"], None, tree, FETCHED)[:10] == "2024-05-02"


def test_guess_only_without_declaration() -> None:
    assert dates.choose_published([None], "2024-04-30", page(""), FETCHED) == "2024-04-30"


def tagged(head: str, body: str) -> html.HtmlElement:
    return html.fromstring(f"<html><head>{head}</head><body><h1>Harbour plan approved</h1>{body}</body></html>")


OG = "<meta property='article:published_time' content='2024-03-10T09:00:00+01:00'>"


def test_og_published_time_beats_a_later_shown_day_but_not_a_much_earlier_one() -> None:
    later = tagged(OG, "<p class='byline'>April 20, 2024</p>")
    assert dates.choose_published(["2024-04-20"], None, later, FETCHED) == "2024-03-10T09:00:00+01:00"
    earlier = tagged(OG, "<p class='byline'>January 5, 2024</p>")
    assert dates.choose_published([], None, earlier, FETCHED) == "2024-01-05"


def test_shown_day_beats_json_ld_and_keeps_a_declared_time_on_that_day() -> None:
    tree = page("Published April 2, 2024")
    assert dates.choose_published(["2024-04-30T10:00:00Z"], None, tree, FETCHED) == "2024-04-02"
    declared = ["2024-04-30T10:00:00Z", "2024-04-02T08:15:00-04:00"]
    assert dates.choose_published(declared, None, tree, FETCHED) == "2024-04-02T08:15:00-04:00"


def test_shown_publication_day_beats_a_shown_update() -> None:
    tree = page("Published April 2, 2024 · Updated April 28, 2024")
    assert dates.choose_published(["2024-04-28"], None, tree, FETCHED) == "2024-04-02"
    assert [s.updated for s in dates.shown_dates(tree, FETCHED)] == [False, True]


def test_an_update_alone_counts_only_when_later_than_the_declaration() -> None:
    assert dates.choose_published(["2024-04-01"], None, page("Last updated on April 28, 2024"), FETCHED) == "2024-04-28"
    assert dates.choose_published(["2024-04-01"], None, page("Updated: March 28, 2024"), FETCHED) == "2024-04-01"


def test_dates_in_prose_captions_and_expiry_notes_are_not_shown_dates() -> None:
    tree = tagged("", "<figure><img src='x.jpg'><figcaption>Crowds on 15 March 2024, Madrid</figcaption></figure>"
                      "<span>Available until 06.05.2024</span>"
                      "<p>The council first discussed the plan on 3 March 2021 and again later.</p>")
    assert dates.shown_dates(tree, FETCHED) == []


def test_url_day_corrects_a_utc_date_one_day_off_and_keeps_the_local_time() -> None:
    tree = tagged("<meta property='article:published_time' content='2024-04-19T02:41:41+00:00'>",
                  "<time class='entry-date published' datetime='2024-04-18T21:41:41-05:00'>9:41 pm</time>")
    declared = [dates.time_element(tree)]
    url = "https://blog.example.org/2024/04/18/harbour-plan/"
    assert dates.choose_published(declared, None, tree, FETCHED, url) == "2024-04-18T21:41:41-05:00"
    assert dates.choose_published([], None, tagged("", ""), FETCHED, url) == "2024-04-18"
    assert dates.url_day("https://example.org/news/2024-13-45/x") is None


def test_slash_dates_follow_the_page_language() -> None:
    us = html.fromstring("<html lang='en-US'><body><h1>Harbour plan</h1><span>03/04/2024</span></body></html>")
    fr = html.fromstring("<html lang='fr'><body><h1>Plan du port</h1><span>03/04/2024</span></body></html>")
    late = html.fromstring("<html lang='en'><body><h1>Harbour plan</h1><span>25/04/2024</span></body></html>")
    assert dates.visible_days(us, FETCHED)[0].isoformat() == "2024-03-04"
    assert dates.visible_days(fr, FETCHED)[0].isoformat() == "2024-04-03"
    assert dates.visible_days(late, FETCHED)[0].isoformat() == "2024-04-25"


def test_an_ambiguous_numeric_date_is_read_the_way_the_declared_date_confirms() -> None:
    # "04.03.2024" is 4 March by the dotted European order, but the JSON-LD says 3 April
    tree = page("04.03.2024")
    assert dates.choose_published(["2024-04-03T16:07:00Z"], None, tree, FETCHED) == "2024-04-03T16:07:00+00:00"
    # an unambiguous shown day still beats the declaration, and an agreeing reading is left alone
    assert dates.choose_published(["2024-04-03"], None, page("25.03.2024"), FETCHED) == "2024-03-25"
    assert dates.choose_published(["2024-03-04"], None, tree, FETCHED) == "2024-03-04"


def test_url_days_with_month_names_and_slugs_starting_with_a_number() -> None:
    assert dates.url_day("https://example.org/blog/2023/october/03/harbour") == date(2023, 10, 3)
    assert dates.url_day("https://example.org/2024-05-10-harbour-plan") == date(2024, 5, 10)
    assert dates.url_day("https://example.org/2024/05/10-best-harbours/") is None


def test_a_news_entity_date_is_trusted_over_a_shown_update_time() -> None:
    tree = page("18.04.2024, 11.08 Uhr")
    news = "2023-10-07T09:53:36+02:00"
    assert dates.choose_published([news], None, tree, FETCHED, news_date=news) == news
    assert dates.choose_published([news], None, tree, FETCHED)[:10] == "2024-04-18"


def test_a_list_of_teaser_dates_is_not_the_page_date() -> None:
    teasers = "".join(f"<div><a href='/a{d}'>Story</a><div>January {d}, 2024</div></div>" for d in (12, 13, 16))
    tree = tagged("", teasers)
    assert dates.choose_published(["2024-04-28T18:01:37+00:00"], None, tree, FETCHED) == "2024-04-28T18:01:37+00:00"


def test_a_date_inside_another_articles_headline_link_is_not_the_page_date() -> None:
    teaser = "<a href='/2024/04/02/ferry/'><h3>Council votes on the new ferry timetable</h3><span>April 2, 2024</span></a>"
    tree = html.fromstring(f"<html><body>{teaser}<h1>Harbour plan approved</h1><p>By Ann Lee</p></body></html>")
    news = "2024-04-20T09:00:00+02:00"
    assert dates.choose_published([news], None, tree, FETCHED, news_date=news) == news
    # a date that is the whole link (a day archive, or the article's own permalink) still counts
    own = html.fromstring("<html><body><h1>Harbour plan approved</h1><a href='/2024/04/02/'>April 2, 2024</a>"
                          "</body></html>")
    assert dates.choose_published([], None, own, FETCHED) == "2024-04-02"


def test_a_date_below_the_headline_beats_a_masthead_date_above_it() -> None:
    tree = html.fromstring("<html><body><div class='masthead'>Friday, May 2, 2024</div><h1>Harbour plan</h1>"
                           "<p class='byline'>By Ann Lee</p><span>April 26, 2024</span></body></html>")
    assert dates.choose_published([], None, tree, FETCHED) == "2024-04-26"


def test_window_starts_at_the_headline_even_when_it_opens_with_white_space() -> None:
    filler = "".join(f"<p>Menu entry {i} of the site navigation</p>" for i in range(40))
    tree = html.fromstring(f"<html><body><div>\n</div>{filler}<h1>\n<span>Harbour plan</span></h1>"
                           "<span class='date'>April 26, 2024</span></body></html>")
    assert dates.visible_days(tree, FETCHED) == [date(2024, 4, 26)]


def test_a_teaser_list_above_the_headline_leaves_the_date_below_it() -> None:
    teasers = "".join(f"<li><a href='/n{d}'>Other news</a> <time>12/{d}/2025</time></li>" for d in (4, 16, 17))
    tree = html.fromstring(f"<html lang='en'><body><ul>{teasers}</ul><h1>Harbour plan</h1>"
                           "<time>03/01/2017</time> by Ann Lee</body></html>")
    assert dates.choose_published([], "2025-01-31", tree, FETCHED) == "2017-03-01"
