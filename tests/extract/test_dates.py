"""Dates: ISO 8601 with the page's zone kept, sanity limits, and the day the page shows."""

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
    for shown in ("May 1, 2024", "1. Mai 2024", "1 de mayo de 2024", "01.05.2024", "2024-05-01"):
        assert dates.visible_days(page(shown), FETCHED)[0].isoformat() == "2024-05-01", shown


def test_declared_date_kept_when_shown_or_when_the_shown_day_is_earlier() -> None:
    declared = ["2024-05-01T09:30:00+02:00"]
    assert dates.choose_published(declared, None, page("May 1, 2024"), FETCHED) == declared[0]
    assert dates.choose_published(declared, None, page("no date here"), FETCHED) == declared[0]


def test_later_shown_update_day_wins() -> None:
    tree = page("Updated May 2, 2024")
    assert dates.choose_published(["2023-01-10T09:00:00Z", "2024-05-02T06:00:00Z"], None, tree, FETCHED)[:10] == "2024-05-02"


def test_guess_only_without_declaration() -> None:
    assert dates.choose_published([None], "2024-04-30", page(""), FETCHED) == "2024-04-30"
