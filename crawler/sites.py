"""The sites config (`sites.toml`): what to crawl of each site, how far and how politely.

```toml
[sites.queonda]
start_urls = ["https://queonda.example/"]
feeds = ["https://queonda.example/feed.xml"]      # optional; found on pages when discover = true
sitemaps = []                                      # optional; found in robots.txt when discover
allowed_domains = ["queonda.example"]             # default: the hosts of start_urls
deny = ['/tag/', '\\?replytocom=']                # URL regexes never requested
article_patterns = ['/\\d{4}/\\d{2}/\\d{2}/']     # URLs that are articles (others: classifier)
depth = 3                                          # link hops from a start URL, sitemap or feed
max_pages = 5000                                   # requests per crawl
delay = 1.0                                        # seconds between requests
concurrency = 2                                    # parallel requests to this site
schedule = { every = "15m" }                       # or { cron = "*/15 * * * *" }
[sites.queonda.revisit]                            # read by scheduling (crawler.schedule)
"3h" = "15m"
```

`load_sites(path)` validates everything before any request and raises one `SitesConfigError`
naming the file, the site and the field.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_PATH = "sites.toml"
PATH_ENV = "NEWSARCHIVE_SITES"
DEFAULT_DEPTH = 3
DEFAULT_MAX_PAGES = 10_000
DEFAULT_MAX_PAGINATION = 50
DEFAULT_DELAY = 1.0
DEFAULT_CONCURRENCY = 2
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
DURATION_RE = re.compile(r"(?:\d+(?:\.\d+)?[smhdw])+|\d+(?:\.\d+)?")
CRON_FIELDS = 5


class SitesConfigError(ValueError):
    """A sites config that cannot be used; the message names file, site and field."""

    def __init__(self, path: str | os.PathLike[str], site: str | None, key: str | None,
                 problem: str) -> None:
        where = f"{os.fspath(path)}"
        if site is not None:
            where += f": site {site!r}"
        if key is not None:
            where += f", field {key!r}"
        super().__init__(f"{where}: {problem}")
        self.path, self.site, self.field, self.problem = os.fspath(path), site, key, problem


@dataclass(frozen=True)
class Schedule:
    """When a site is crawled: `every` (a duration such as "15m") or `cron` (5 fields)."""

    every: str | None = None
    cron: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    """One configured site. Tuples, not lists: the config is frozen once validated."""

    name: str | None  # None: an unconfigured site given by URLs (fetches record no site name)
    start_urls: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    discover: bool = True
    allowed_domains: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()
    depth: int = DEFAULT_DEPTH
    max_pages: int = DEFAULT_MAX_PAGES
    max_pagination: int = DEFAULT_MAX_PAGINATION
    delay: float = DEFAULT_DELAY
    concurrency: int = DEFAULT_CONCURRENCY
    schedule: Schedule | None = None
    contact_url: str | None = None
    revisit: Mapping[str, str | int] = field(default_factory=dict)

    @classmethod
    def for_urls(cls, urls: Iterable[str], name: str | None = None, **options: Any) -> SiteConfig:
        """An unconfigured site given by its start URLs (`newsarchive crawl URL...`)."""
        urls = tuple(urls)
        hosts = tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in urls))
        return cls(name=name, start_urls=urls,
                   allowed_domains=hosts, **options)

    def domains(self) -> tuple[str, ...]:
        """Allowed domains, defaulting to the hosts of the start URLs."""
        if self.allowed_domains:
            return self.allowed_domains
        return tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in self.start_urls))


# ---- reading and validating ---------------------------------------------------------------------


def sites_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The config path: the argument, else $NEWSARCHIVE_SITES, else ./sites.toml."""
    return Path(path or os.environ.get(PATH_ENV) or DEFAULT_PATH)


def load_sites(path: str | os.PathLike[str] | None = None) -> list[SiteConfig]:
    """Every site of the config, validated; `SitesConfigError` on the first problem."""
    file = sites_path(path)
    try:
        with open(file, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise SitesConfigError(file, None, None, "no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise SitesConfigError(file, None, None, f"not valid TOML: {exc}") from None
    return parse_sites(data, file)


def load_site(name: str, path: str | os.PathLike[str] | None = None) -> SiteConfig:
    """One site of the config by name."""
    file = sites_path(path)
    for site in load_sites(file):
        if site.name == name:
            return site
    raise SitesConfigError(file, name, None, "no such site in the config")


def parse_sites(data: Mapping[str, Any], path: str | os.PathLike[str]) -> list[SiteConfig]:
    """Validate the parsed TOML document: a `[sites.NAME]` table per site."""
    unknown = set(data) - {"sites"}
    if unknown:
        raise SitesConfigError(path, None, sorted(unknown)[0], "unknown top-level key "
                               "(sites go in [sites.NAME] tables)")
    sites = data.get("sites", {})
    if not isinstance(sites, Mapping):
        raise SitesConfigError(path, None, "sites", "must be a table of [sites.NAME] tables")
    return [_Validator(path, name, table).site() for name, table in sites.items()]


class _Validator:
    """Check one `[sites.NAME]` table field by field."""

    def __init__(self, path: str | os.PathLike[str], name: str, table: Any) -> None:
        self.path, self.name = path, name
        if not NAME_RE.fullmatch(name):
            self.fail(None, "site names are letters, digits, '.', '_' and '-'")
        if not isinstance(table, Mapping):
            self.fail(None, "must be a table")
        self.table = dict(table)

    def fail(self, key: str | None, problem: str) -> None:
        raise SitesConfigError(self.path, self.name, key, problem)

    def site(self) -> SiteConfig:
        known = {f for f in SiteConfig.__dataclass_fields__ if f != "name"}
        for key in self.table:
            if key not in known:
                self.fail(key, f"unknown field (known: {', '.join(sorted(known))})")
        start_urls = self.urls("start_urls")
        if not start_urls:
            self.fail("start_urls", "give at least one start URL")
        return SiteConfig(
            name=self.name,
            start_urls=start_urls,
            feeds=self.urls("feeds"),
            sitemaps=self.urls("sitemaps"),
            discover=self.boolean("discover", True),
            allowed_domains=self.domains(),
            allow=self.patterns("allow"),
            deny=self.patterns("deny"),
            article_patterns=self.patterns("article_patterns"),
            depth=self.integer("depth", DEFAULT_DEPTH, 0),
            max_pages=self.integer("max_pages", DEFAULT_MAX_PAGES, 1),
            max_pagination=self.integer("max_pagination", DEFAULT_MAX_PAGINATION, 1),
            delay=self.number("delay", DEFAULT_DELAY),
            concurrency=self.integer("concurrency", DEFAULT_CONCURRENCY, 1),
            schedule=self.schedule(),
            contact_url=self.contact_url(),
            revisit=self.revisit(),
        )

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, "must be a list of non-empty strings")
        return tuple(value)

    def urls(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for url in values:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self.fail(key, f"not an absolute http(s) URL: {url!r}")
        return values

    def domains(self) -> tuple[str, ...]:
        values = self.strings("allowed_domains")
        for domain in values:
            if "/" in domain or ":" in domain.strip("[]") and not domain.startswith("["):
                self.fail("allowed_domains", f"a host name, not a URL: {domain!r}")
        return tuple(d.lower() for d in values)

    def patterns(self, key: str) -> tuple[str, ...]:
        values = self.strings(key)
        for pattern in values:
            try:
                re.compile(pattern)
            except re.error as exc:
                self.fail(key, f"bad regular expression {pattern!r}: {exc}")
        return values

    def boolean(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return value

    def integer(self, key: str, default: int, minimum: int) -> int:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(key, f"must be a whole number >= {minimum}")
        return value

    def number(self, key: str, default: float) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            self.fail(key, "must be a number of seconds >= 0")
        return float(value)

    def schedule(self) -> Schedule | None:
        value = self.table.get("schedule")
        if value is None:
            return None
        if isinstance(value, str):
            value = {"every": value}
        if not isinstance(value, Mapping) or set(value) - {"every", "cron"}:
            self.fail("schedule", 'must be { every = "15m" } or { cron = "*/15 * * * *" }')
        every, cron = value.get("every"), value.get("cron")
        if (every is None) == (cron is None):
            self.fail("schedule", "give exactly one of `every` and `cron`")
        if every is not None and not (isinstance(every, str) and DURATION_RE.fullmatch(every)):
            self.fail("schedule", f"`every` is not a duration such as \"15m\": {every!r}")
        if cron is not None and not (isinstance(cron, str) and len(cron.split()) == CRON_FIELDS):
            self.fail("schedule", f"`cron` needs {CRON_FIELDS} fields: {cron!r}")
        return Schedule(every=every, cron=cron)

    def contact_url(self) -> str | None:
        value = self.table.get("contact_url")
        if value is not None:
            parts = urlsplit(value) if isinstance(value, str) else None
            if parts is None or parts.scheme not in ("http", "https", "mailto"):
                self.fail("contact_url", "must be an http(s) or mailto URL")
        return value

    def revisit(self) -> dict[str, str | int]:
        value = self.table.get("revisit", {})
        if not isinstance(value, Mapping):
            self.fail("revisit", "must be a table")
        for key, item in value.items():
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                self.fail(f"revisit.{key}", "values are strings or whole numbers")
        return dict(value)


# ---- writing (`newsarchive sites add`) ----------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def site_table(name: str, fields: Mapping[str, Any]) -> str:
    """The TOML text of a `[sites.NAME]` table with the given fields (None left out)."""
    lines = [f"[sites.{name}]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in fields.items()
              if value is not None and value != () and value != []]
    return "\n".join(lines) + "\n"


def add_site(path: str | os.PathLike[str], name: str, fields: Mapping[str, Any]) -> SiteConfig:
    """Append a site to the config (created if missing), after validating the result."""
    file = sites_path(path)
    old = file.read_text(encoding="utf-8") if file.exists() else ""
    existing = {s.name for s in parse_sites(tomllib.loads(old), file)} if old.strip() else set()
    if name in existing:
        raise SitesConfigError(file, name, None, "already configured")
    new = (old.rstrip("\n") + "\n\n" if old.strip() else "") + site_table(name, fields)
    try:
        sites = parse_sites(tomllib.loads(new), file)
    except tomllib.TOMLDecodeError as exc:
        raise SitesConfigError(file, name, None, f"would not be valid TOML: {exc}") from None
    file.write_text(new, encoding="utf-8")
    return next(s for s in sites if s.name == name)
