"""The `newsarchive` commands that need Scrapy or trafilatura, added to the archive's group."""

from __future__ import annotations

import os

from urllib.parse import urlsplit

import click

from archive.cli import cli, db_option, echo_json, json_option, open_archive

SUMMARY_KEYS = (
    ("pages fetched", "response_received_count"),
    ("new articles", "newsarchive/articles_new"),
    ("new versions", "newsarchive/versions_new"),
    ("unchanged", "newsarchive/unchanged"),
    ("not modified (304)", "newsarchive/fetch/not_modified"),
    ("hubs (not archived)", "newsarchive/fetch/not_article"),
    ("gone", "newsarchive/fetch/gone"),
    ("moved to a URL fetched anyway", "newsarchive/fetch/moved"),
    ("extraction errors", "newsarchive/fetch/error"),
)


def _check_before_any_request(urls: tuple[str, ...], db_path: str, records_path: str | None) -> None:
    """Refuse bad URLs and an unusable archive with one clear error, before the crawl starts."""
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint="URLS")
    if not records_path:
        open_archive(db_path, must_exist=False).close()


def crawl_summary(stats: dict) -> dict[str, int]:
    from crawler.extensions import pages_fetched  # Scrapy is loaded by then: the crawl has run

    summary = {label: int(stats.get(key, 0)) for label, key in SUMMARY_KEYS}
    summary["pages fetched"] = pages_fetched(stats)
    return summary


@cli.command()
@click.argument("urls", nargs=-1)
@db_option
@click.option("--due", is_flag=True, help="Crawl what the sites config says is due now, then exit.")
@click.option("--sites", "sites_path", envvar="NEWSARCHIVE_SITES", default="sites.toml",
              show_default=True, type=click.Path(dir_okay=False),
              help="Sites config (with --site or --due); env NEWSARCHIVE_SITES.")
@click.option("--trigger", default="due", hidden=True, help="Recorded in `crawls` (with --due).")
@click.option("--wait-lock", type=float, default=0.0, show_default=True,
              help="Seconds to wait for another crawl of the archive (with --due).")
@click.option("--site", help="Crawl this site of the sites config (with URLS: its start URLs).")
@click.option("--delay", type=float, help="Seconds between requests to one site (default: settings).")
@click.option("--no-revisit", is_flag=True, help="Do not revisit the articles already archived.")
@click.option(
    "--records",
    "records_path",
    type=click.Path(dir_okay=False),
    help="Write fetch records (JSON lines, .gz ok) instead of an archive; `ingest` reads them.",
)
@click.option("--log-level", default="INFO", show_default=True, help="Scrapy log level.")
@json_option
def crawl(
    urls: tuple[str, ...],
    db_path: str,
    due: bool,
    sites_path: str,
    trigger: str,
    wait_lock: float,
    site: str | None,
    delay: float | None,
    no_revisit: bool,
    records_path: str | None,
    log_level: str,
    as_json: bool,
) -> None:
    """Crawl news sites from their home page URLS, or a configured --site, into the archive."""
    from crawler.runner import run_crawl

    overrides: dict[str, object] = {"LOG_LEVEL": log_level, "NEWSARCHIVE_SITES": sites_path}
    if records_path:
        overrides.update({"RECORDS_PATH": records_path, "ARCHIVE_PATH": ""})
    if delay is not None:
        overrides.update({"DOWNLOAD_DELAY": delay, "AUTOTHROTTLE_START_DELAY": max(delay, 0.01)})
    if due:
        from crawler.commands_schedule import crawl_due

        return crawl_due(db_path, sites_path, trigger=trigger, overrides=overrides,
                         wait_lock=wait_lock, as_json=as_json)
    config = _site_config(site, sites_path, urls)
    if not urls and config is None:
        raise click.UsageError("give the URLS to crawl, --site NAME, or --due")
    _check_before_any_request(urls, db_path, records_path)
    stats = run_crawl(urls, db_path, site=site, revisit=not no_revisit, overrides=overrides,
                      site_config=config)
    summary = crawl_summary(stats)
    if as_json:
        echo_json({"summary": summary, "finish_reason": stats.get("finish_reason")})
    else:
        click.echo("crawl finished: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    if stats.get("finish_reason") not in ("finished", None):
        raise click.ClickException(f"crawl ended early: {stats.get('finish_reason')}")


def _site_config(site: str | None, sites_path: str, urls: tuple[str, ...]) -> object | None:
    """The configured site (checked before any request); None for a site given only by URLs."""
    from crawler.sites import SitesConfigError, load_site

    if site is None:
        return None
    if urls and not os.path.exists(sites_path):
        return None  # an unconfigured site, named
    try:
        return load_site(site, sites_path)
    except SitesConfigError as exc:
        if urls and exc.field is None and exc.problem == "no such site in the config":
            return None
        raise click.ClickException(str(exc)) from exc


@cli.command()
@db_option
def demo(db_path: str) -> None:
    """Crawl the bundled demo news site twice (two editions) and report what changed."""
    from crawler.demo import run_demo

    run_demo(db_path)


from crawler import commands_extract  # noqa: E402,F401  (registers extract, reextract)
from crawler import commands_schedule  # noqa: E402,F401  (registers schedule, run, crawls)
from crawler import commands_sites  # noqa: E402,F401  (registers sites list|add|check)
from crawler import commands_warc  # noqa: E402,F401  (registers import-warc)


def main() -> None:
    cli(prog_name="newsarchive")


if __name__ == "__main__":
    main()
