"""Timestamps of the archive: ISO 8601 UTC strings, and an injectable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """Render as ISO 8601 UTC with seconds precision and a Z suffix; naive means UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 string; naive values are taken as UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def normalise_timestamp(value: str | datetime | None, clock: Clock = utcnow) -> str:
    """Any timestamp given to the archive, as ISO 8601 UTC; None means now."""
    if value is None:
        return iso(clock())
    if isinstance(value, str):
        return iso(parse_iso(value))
    return iso(value)
