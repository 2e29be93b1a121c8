"""robots.txt: the Sitemap lines that announce where a site lists its pages."""

from __future__ import annotations

from urllib.parse import urljoin


def sitemap_urls(robots_txt: str, base_url: str) -> list[str]:
    """Absolute URLs of the `Sitemap:` lines (case-insensitive, anywhere in the file)."""
    urls = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            urls.append(urljoin(base_url, value.strip()))
    return list(dict.fromkeys(urls))
