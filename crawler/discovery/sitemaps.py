"""Sitemaps and sitemap indexes, with the hints (lastmod, Google News title and date) kept."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field

from lxml import etree

# A sitemap may hold 50,000 URLs and 50 MB uncompressed (sitemaps.org); refuse more.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class SitemapError(ValueError):
    """The document is not a sitemap we can read."""


@dataclass
class SitemapEntry:
    """One <url> or <sitemap> of a sitemap, with what it says about the page."""

    loc: str
    hints: dict[str, str] = field(default_factory=dict)


@dataclass
class Sitemap:
    kind: str  # "urlset" or "sitemapindex"
    entries: list[SitemapEntry]


def gunzip_bounded(data: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress gzip data, refusing to inflate beyond `limit` bytes (zip bombs)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        try:
            out = stream.read(limit + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise SitemapError(f"bad gzip data: {exc}") from exc
    if len(out) > limit:
        raise SitemapError(f"sitemap larger than {limit} bytes once decompressed")
    return out


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _hints(node: etree._Element) -> dict[str, str]:
    hints: dict[str, str] = {}
    for child in node.iter():
        name = _local(child.tag)
        text = (child.text or "").strip()
        if not text:
            continue
        if name == "lastmod":
            hints["lastmod"] = text
        elif name == "title":
            hints["news_title"] = text
        elif name == "publication_date":
            hints["news_publication_date"] = text
    return hints


def parse_sitemap(data: bytes) -> Sitemap:
    """Parse a sitemap or sitemap index (plain or gzipped) into entries with their hints."""
    if data[:2] == GZIP_MAGIC:
        data = gunzip_bounded(data)
    if len(data) > MAX_SITEMAP_BYTES:
        raise SitemapError("sitemap too large")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, remove_comments=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise SitemapError("not a sitemap")
    entries = []
    for node in root:
        loc = next((c.text.strip() for c in node if _local(c.tag) == "loc" and c.text), None)
        if loc:
            entries.append(SitemapEntry(loc=loc, hints=_hints(node)))
    return Sitemap(kind=_local(root.tag), entries=entries)
