"""Small coercions shared by the metadata readers: text, lists, names, counts."""

import re
from html import unescape
from typing import Any

SPACE = re.compile(r"\s+")
BY_PREFIX = re.compile(r"^\s*(by|von|par|por|di|door|av|af|de|przez)\s+", re.I)
COUNT = re.compile(r"^\s*(\d[\d\s.,\u00a0\u202f']*)\s*([kKmM]|mio|mill?|tsd|tys|mil)?\.?(?![\w])")
SUFFIX_SCALE = {"k": 1_000, "tsd": 1_000, "tys": 1_000, "mil": 1_000, "m": 1_000_000, "mio": 1_000_000,
                "mill": 1_000_000}
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 80


def text(value: Any) -> str | None:
    """Stripped single-spaced text of a scalar, the first item of a list, or a dict's name/@value."""
    if isinstance(value, list):
        return next((t for t in map(text, value) if t), None)
    if isinstance(value, dict):
        return text(value.get("name") or value.get("@value") or value.get("url") or value.get("@id"))
    if value is None or isinstance(value, bool):
        return None
    cleaned = SPACE.sub(" ", str(value)).strip()
    return cleaned or None


def as_list(value: Any) -> list[Any]:
    """A list of the value(s)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def clean_name(name: str | None) -> str | None:
    """An author name without 'By ', or None when it does not look like a name."""
    if not name:
        return None
    name = BY_PREFIX.sub("", SPACE.sub(" ", unescape(name))).strip(" ,;|-–—:*\"'“”„«»✉")
    if not name or len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
        return None
    if name.startswith(("http://", "https://", "@")) and " " not in name:
        return None
    return name


def unique(items: list[str]) -> list[str]:
    """Items in order, case-insensitive duplicates dropped."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    return out


def parse_count(raw: Any) -> int | None:
    """'1,234' -> 1234, '1.2K' -> 1200, '12 345' -> 12345; None when there is no leading number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw)
    match = COUNT.match(str(raw or ""))
    if not match:
        return None
    digits = re.sub(r"[\s\u00a0\u202f']", "", match.group(1)).rstrip(".,")
    scale = SUFFIX_SCALE.get((match.group(2) or "").lower(), 1)
    if scale > 1:
        try:
            return round(float(digits.replace(",", ".")) * scale)
        except ValueError:
            return None
    if re.fullmatch(r"\d+[.,]\d{1,2}", digits):
        return None  # a decimal like 4.5 is a rating, not a count
    return int(re.sub(r"[.,]", "", digits)) if digits else None
