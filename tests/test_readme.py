"""The README documents every command of `newsarchive` and the two set-up commands."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "newsarchive") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names += [f"{prefix} {name} {sub}" for sub in sorted(command.commands)]
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = []
    for full in _commands(cli):
        *head, last = full.split()
        # `sites list|add|check` documents the subcommands of a group in one row.
        if f"`{full}" not in README and not any(
            f"`{' '.join(head)} " in README and last in row for row in README.splitlines()
        ):
            missing.append(full)
    assert not missing, f"undocumented commands: {missing}"


def test_readme_opens_with_make_run_and_make_test() -> None:
    quick_start = README.split("## Commands")[0]
    assert "make run" in quick_start and "make test" in quick_start
