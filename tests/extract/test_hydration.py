"""JavaScript-rendered pages: the article from hydration data, and streamed segments put in their places."""

import json

from crawler.extract import extract_article
from crawler.extract.hydration import article_fragment, text_rows
from crawler.extract.parse import parse_html
from tests.extract.pages import FETCHED, URL

PARAGRAPHS = [f"Paragraph {i} of the council story: the harbour budget grew by {i} million euros this year, "
              "the mayor said on Tuesday." for i in range(8)]
ARTICLE_HTML = ('<div class="caption"><p>The harbour at dawn.</p></div>$$ARTICLEAD$$'
                + "".join(f'<p class="editor-p">{p}</p>' for p in PARAGRAPHS))
SHELL = ('<!doctype html><html lang="en"><head><title>Harbour budget grows | Example News</title>'
         '<meta property="og:title" content="Harbour budget grows"></head>'
         '<body><main><div class="spinner">Loading</div></main>{scripts}</body></html>')


def _push(chunk: str) -> str:
    return f"<script>self.__next_f.push({json.dumps([1, chunk])})</script>"


def flight_page(article_html: str = ARTICLE_HTML, split_at: int = 40) -> str:
    """An app-router page: the article HTML sent as a flight text row, split over two pushes."""
    length = len(article_html.encode())
    payload = f'1:"$Sreact.fragment"\n2:I[123,[],"Page"]\n24:T{length:x},{article_html}3:["$","div",null,{{}}]\n'
    scripts = "<script>(self.__next_f=self.__next_f||[]).push([0])</script>"
    scripts += _push(payload[:split_at]) + _push(payload[split_at:])
    return SHELL.format(scripts=scripts)


def next_data_page() -> str:
    """A pages-router page: the article HTML inside the __NEXT_DATA__ JSON."""
    data = {"props": {"pageProps": {"article": {"title": "Harbour budget grows", "body": ARTICLE_HTML,
                                                "teaser": "<p>Short teaser.</p>"}}}}
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
    return SHELL.format(scripts=script)


def test_text_rows_are_cut_by_byte_length() -> None:
    html = "<p>Zürich – 10 € à café</p>"
    payload = f"7:T{len(html.encode()):x},{html}8:I[1,[],\"X\"]\n"
    assert text_rows(payload) == [html]


def test_flight_text_row_is_the_article() -> None:
    record = extract_article(flight_page(), URL, FETCHED)
    assert record["text"].split("\n\n") == PARAGRAPHS
    assert record["title"] == "Harbour budget grows"


def test_next_data_article_body() -> None:
    assert extract_article(next_data_page(), URL, FETCHED)["text"].split("\n\n") == PARAGRAPHS


def test_shell_without_hydration_data_is_still_an_error() -> None:
    assert article_fragment(parse_html(SHELL.format(scripts=""))) is None


def test_broken_flight_data_is_ignored() -> None:
    page = SHELL.format(scripts='<script>self.__next_f.push([1,"24:T99999,<p>cut)</script>')
    assert article_fragment(parse_html(page)) is None


def streamed_page() -> str:
    """React streamed rendering: the article arrives in hidden segments after the shell, with swap scripts."""
    first, second = PARAGRAPHS[:4], PARAGRAPHS[4:]
    return ('<!doctype html><html lang="en"><head><title>Harbour budget grows</title></head><body><main>'
            '<article><h1>Harbour budget grows</h1><div class="body"><template id="B:0"></template>'
            '<div class="skeleton"></div><div class="more"><template id="P:1"></template></div></div></article>'
            '</main><footer><p>Example News, all rights reserved.</p></footer>'
            '<div hidden id="S:1">' + "".join(f"<p>{p}</p>" for p in second) + "</div>"
            '<script>$RS("S:1","P:1")</script>'
            '<div hidden id="S:0">' + "".join(f"<p>{p}</p>" for p in first) + "</div>"
            '<script>$RC("B:0","S:0")</script></body></html>')


def test_streamed_segments_are_put_in_their_places() -> None:
    tree = parse_html(streamed_page())
    assert not tree.xpath("//template") and not tree.xpath("//*[@hidden]")
    article = tree.xpath("//article")[0]
    assert [p.text for p in article.iter("p")] == PARAGRAPHS
    assert extract_article(streamed_page(), URL, FETCHED)["text"].split("\n\n") == PARAGRAPHS


def test_segment_without_its_script_stays_where_it_is() -> None:
    page = streamed_page().replace('<script>$RC("B:0","S:0")</script>', "")
    tree = parse_html(page)
    assert tree.xpath("//template[@id='B:0']") and tree.xpath("//div[@id='S:0'][@hidden]")


def test_hostile_hydration_data_is_ignored_not_fatal() -> None:
    # text rows claiming 4 GB, a lone surrogate, JSON nested past the recursion limit, a padded push call
    payloads = ["\n0:Tffffffff," * 1000, "\ud800 0:T5,<p>ab", "[" * 6000 + "]" * 6000]
    scripts = "".join(_push(p) for p in payloads[:2])
    scripts += f'<script id="__NEXT_DATA__" type="application/json">{payloads[2]}</script>'
    scripts += '<script>self.__next_f.push([1,"x"])' + " " * 5000 + "x</script>"
    page = SHELL.format(scripts=scripts).replace("Loading", "Loading. " + " ".join(PARAGRAPHS))
    assert len(text_rows(payloads[0])) == 1  # the first row claims the rest; no row is searched inside it
    article_fragment(parse_html(page))  # no exception escapes
    assert PARAGRAPHS[0] in extract_article(page, URL, FETCHED)["text"]


def test_a_recommended_storys_body_in_the_app_data_is_not_taken() -> None:
    other = "".join(f"<p>Paragraph {i} about the football final: the striker scored twice in the second half and "
                    "the coach praised the defence.</p>" for i in range(12))
    data = {"props": {"pageProps": {"article": {"body": ARTICLE_HTML}, "recommended": [{"body": other}]}}}
    page = SHELL.format(scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>')
    assert extract_article(page, URL, FETCHED)["text"].split("\n\n") == PARAGRAPHS
    alone = {"props": {"pageProps": {"recommended": [{"body": other}]}}}
    page = SHELL.format(scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(alone)}</script>')
    assert article_fragment(parse_html(page)) is None
