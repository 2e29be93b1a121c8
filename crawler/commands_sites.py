"""`newsarchive sites list|add|check`: read, extend and validate the sites config."""

from __future__ import annotations

import dataclasses
from typing import Any

import click

from archive.cli import cli, echo_json, json_option
from crawler.sites import SiteConfig, SitesConfigError, add_site, load_sites, sites_path


def sites_path_option(func: Any) -> Any:
    return click.option("--sites", "path", envvar="NEWSARCHIVE_SITES", default="sites.toml",
                        show_default=True, type=click.Path(dir_okay=False),
                        help="Sites config (TOML); env NEWSARCHIVE_SITES.")(func)


def _load(path: str) -> list[SiteConfig]:
    try:
        return load_sites(path)
    except SitesConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _as_dict(site: SiteConfig) -> dict[str, Any]:
    return dataclasses.asdict(site)


@cli.group()
def sites() -> None:
    """The sites config: which sites to crawl, how far and how politely."""


@sites.command("list")
@sites_path_option
@json_option
def list_command(path: str, as_json: bool) -> None:
    """List the configured sites."""
    configured = _load(path)
    if as_json:
        echo_json([_as_dict(s) for s in configured])
        return
    for site in configured:
        when = (site.schedule.every or site.schedule.cron) if site.schedule else "unscheduled"
        click.echo(f"{site.name}: {', '.join(site.start_urls)} (depth {site.depth}, "
                   f"max {site.max_pages} pages, delay {site.delay:g}s, {when})")


@sites.command("check")
@sites_path_option
def check_command(path: str) -> None:
    """Validate the config; exit status 1 with one clear error if it is not usable."""
    configured = _load(path)
    click.echo(f"{sites_path(path)}: {len(configured)} site(s) OK")


@sites.command("add")
@click.argument("name")
@click.argument("start_urls", nargs=-1, required=True)
@sites_path_option
@click.option("--feed", "feeds", multiple=True, help="A feed URL (repeatable).")
@click.option("--sitemap", "sitemaps", multiple=True, help="A sitemap URL (repeatable).")
@click.option("--domain", "allowed_domains", multiple=True, help="An allowed domain (repeatable).")
@click.option("--deny", multiple=True, help="A URL regex never requested (repeatable).")
@click.option("--article-pattern", "article_patterns", multiple=True,
              help="A URL regex of article pages (repeatable).")
@click.option("--depth", type=int, help="Link hops from a start URL, sitemap or feed.")
@click.option("--max-pages", type=int, help="Requests per crawl.")
@click.option("--delay", type=float, help="Seconds between requests.")
@click.option("--concurrency", type=int, help="Parallel requests to this site.")
@click.option("--every", help='Crawl schedule, e.g. "15m".')
@click.option("--cron", help='Crawl schedule, e.g. "*/15 * * * *".')
@click.option("--contact-url", help="Contact URL in the User-Agent.")
def add_command(name: str, start_urls: tuple[str, ...], path: str, every: str | None,
                cron: str | None, **fields: Any) -> None:
    """Add site NAME crawled from START_URLS to the config (created if missing)."""
    table = {"start_urls": list(start_urls)}
    table.update({k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()})
    if every or cron:
        table["schedule"] = {"every": every} if every else {"cron": cron}
    try:
        site = add_site(path, name, table)
    except SitesConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"added {site.name} to {sites_path(path)}")
