"""The sites config: loading, one clear error per bad field, `sites list|add|check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sites import SitesConfigError, add_site, load_site, load_sites
from tests.conftest import run_cli

GOOD = """
[sites.queonda]
start_urls = ["https://queonda.example/"]
feeds = ["https://queonda.example/feed.xml"]
deny = ['/tag/']
article_patterns = ['/\\d{4}/']
depth = 2
max_pages = 100
delay = 0.5
concurrency = 1
schedule = { every = "15m" }
contact_url = "https://archive.example/contact"
[sites.queonda.revisit]
"3h" = "15m"
after = "never"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_a_good_config(tmp_path: Path) -> None:
    (site,) = load_sites(write(tmp_path, GOOD))
    assert site.name == "queonda" and site.start_urls == ("https://queonda.example/",)
    assert site.domains() == ("queonda.example",)
    assert site.depth == 2 and site.max_pages == 100 and site.delay == 0.5
    assert site.schedule is not None and site.schedule.every == "15m"
    assert site.revisit == {"3h": "15m", "after": "never"}
    assert load_site("queonda", tmp_path / "sites.toml") == site


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("depth = 2", "depth = -1"), "depth"),
        (("depth = 2", 'depth = "deep"'), "depth"),
        (("deny = ['/tag/']", "deny = ['(']"), "deny"),
        (('start_urls = ["https://queonda.example/"]', 'start_urls = ["queonda.example"]'),
         "start_urls"),
        (('schedule = { every = "15m" }', 'schedule = { every = "often" }'), "schedule"),
        (('schedule = { every = "15m" }', 'schedule = { cron = "* *" }'), "schedule"),
        (("delay = 0.5", "dealy = 0.5"), "dealy"),
        (('"3h" = "15m"', '"3h" = true'), "revisit.3h"),
        (('contact_url = "https://archive.example/contact"', 'contact_url = "nope"'),
         "contact_url"),
    ],
)
def test_a_bad_field_is_named(tmp_path: Path, change: tuple[str, str], field: str) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(SitesConfigError) as info:
        load_sites(path)
    assert info.value.field == field and info.value.site == "queonda"
    assert str(path) in str(info.value) and repr(field) in str(info.value)


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(SitesConfigError, match="no such file"):
        load_sites(tmp_path / "missing.toml")
    with pytest.raises(SitesConfigError, match="not valid TOML"):
        load_sites(write(tmp_path, "[sites.x\n"))


def test_add_appends_a_valid_table(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    site = add_site(path, "other", {"start_urls": ["https://other.example/"], "depth": 1,
                                    "schedule": {"cron": "*/10 * * * *"}})
    assert site.depth == 1 and [s.name for s in load_sites(path)] == ["queonda", "other"]
    with pytest.raises(SitesConfigError, match="already configured"):
        add_site(path, "other", {"start_urls": ["https://other.example/"]})
    with pytest.raises(SitesConfigError):
        add_site(path, "bad", {"start_urls": ["https://x.example/"], "deny": ["("]})
    assert [s.name for s in load_sites(path)] == ["queonda", "other"]


def test_sites_commands(tmp_path: Path) -> None:
    path = str(tmp_path / "sites.toml")
    run_cli("sites", "add", "demo", "https://demo.example/", "--sites", path, "--every", "1h",
            "--depth", "2")
    assert "demo: https://demo.example/ (depth 2" in run_cli("sites", "list", "--sites", path).stdout
    assert "1 site(s) OK" in run_cli("sites", "check", "--sites", path).stdout
    Path(path).write_text(GOOD.replace("depth = 2", "depth = -1"), encoding="utf-8")
    proc = run_cli("sites", "check", "--sites", path, check=False)
    assert proc.returncode == 1 and "field 'depth'" in proc.stderr


def test_crawl_refuses_a_bad_config_before_any_request(tmp_path: Path, demo_server) -> None:
    path = write(tmp_path, GOOD.replace("https://queonda.example/", demo_server.url)
                 .replace("depth = 2", "depth = -1"))
    proc = run_cli("crawl", "--site", "queonda", "--sites", str(path), "--db",
                   str(tmp_path / "a.db"), check=False)
    assert proc.returncode == 1 and "field 'depth'" in proc.stderr
    assert demo_server.requests == []
