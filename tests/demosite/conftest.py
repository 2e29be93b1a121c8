"""Fixtures for the demo site tests: a live DemoServer on 127.0.0.1, an HTTP client, a reader."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from collections.abc import Callable, Iterator
from typing import NamedTuple

import pytest

from demosite.server import DemoServer


class Fetched(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> Fetched:
    """GET (or POST with `data`) without following redirects; HTTP errors are returned too."""
    assert url.startswith("http://127.0.0.1:"), url
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return Fetched(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, dict(error.headers.items()), error.read())


class _ArticleParser(HTMLParser):
    """Collects the headline and body blocks of either article template."""

    BODY_CLASSES = {"entry-content", "story__body"}

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.blocks: list[str] = []
        self._depth = 0  # div depth inside the body container
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "div" and (self._depth or classes & self.BODY_CLASSES):
            self._depth += 1
        elif tag == "h1":
            self._in = "title"
        elif self._depth and tag in ("p", "h2"):
            self._in = "block"
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._depth:
            self._depth -= 1
        elif tag in ("h1", "p", "h2"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "block":
            self.blocks[-1] += data


def article_of(html: str) -> tuple[str, str]:
    """(headline, body text with blocks separated by blank lines) of an article page."""
    parser = _ArticleParser()
    parser.feed(html)
    return parser.title, "\n\n".join(parser.blocks)


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer() as demo:
        yield demo


@pytest.fixture(name="fetch")
def fetch_fixture() -> Callable[..., Fetched]:
    """The `fetch(url, headers=None, data=None)` client."""
    return fetch


@pytest.fixture(name="article_of")
def article_of_fixture() -> Callable[[str], tuple[str, str]]:
    """The `article_of(html) -> (headline, body text)` reader."""
    return article_of
