"""Pure rules for versions: normalisation, identity, field changes, classification of edits."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "CORRECTION_MARKERS",
    "FIELD_NAMES",
    "KINDS",
    "classify",
    "field_changes",
    "is_paywall_teaser",
    "is_soft_404",
    "is_stealth_edit",
    "normalise",
    "paragraphs",
    "text_key",
    "words",
]

Version = Mapping[str, Any]

FIELD_NAMES = ("authors", "published", "modified", "section", "tags", "image")
TEXT_FIELDS = ("title", "subtitle", "text")
KINDS = (
    "first",
    "headline_changed",
    "subtitle_changed",
    "body_edited",
    "paragraphs_added",
    "paragraphs_removed",
    "correction_appended",
    "byline_changed",
    "dates_changed",
)

# Typographic variants that publishers (and their CMS) swap without any change of meaning.
_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060"  # -> '
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a"  # -> "
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # -> -
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"  # deleted
_TRANSLATION = str.maketrans(
    {
        **{c: "'" for c in _QUOTES},
        **{c: '"' for c in _DOUBLE_QUOTES},
        **{c: "-" for c in _DASHES},
        **{c: None for c in _INVISIBLE},
    }
)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_SPACES = re.compile(r"\s+")
# French spacing inside guillemets: "« mot »" and "«mot»" are the same quotation.
_SPACE_INSIDE_GUILLEMETS = re.compile(r"(?<=[\u00ab\u2039])\s+|\s+(?=[\u00bb\u203a])")

# A paragraph that announces a correction; several languages, matched on normalised, folded text.
CORRECTION_MARKERS = (
    "correction", "corrections", "update", "updated", "clarification", "editor's note",
    "editors' note", "an earlier version of this", "a previous version of this",
    "this article has been updated", "this story has been updated", "this article was amended",
    "berichtigung", "korrektur", "anmerkung der redaktion", "in einer fruheren version",
    "aktualisierung", "rectificatif", "correctif", "mise a jour", "precision",
    "note de la redaction", "une version precedente", "correccion", "fe de erratas",
    "actualizacion", "aclaracion", "nota del editor", "nota de la redaccion", "correzione",
    "rettifica", "aggiornamento", "nota della redazione", "correcao", "atualizacao",
    "nota do editor", "rectificatie", "correctie", "noot van de redactie",
)
_MARKER_PATTERN = re.compile(
    r"^[\W_]*(?:" + "|".join(re.escape(m) for m in CORRECTION_MARKERS) + r")\b"
)
_MARKER_ANYWHERE = re.compile(
    r"\b(?:an earlier version of this|a previous version of this|in einer fruheren version"
    r"|une version precedente|this (?:article|story) (?:has been|was) (?:updated|amended|corrected))\b"
)

NORMALISE_CACHE_SIZE = 16
# A teaser is much shorter than the full text it cuts.
TEASER_MAX_RATIO = 0.5
# Share of the teaser's word trigrams that must come from the start of the full text.
TEASER_MIN_CONTAINMENT = 0.8
TEASER_SHINGLE = 3


def normalise(s: str | None) -> str:
    """Canonical text: NFKC, one quote and dash style, no invisible characters, tidy spaces.

    Paragraphs (separated by blank lines) are kept; white space inside a paragraph collapses.
    """
    if not s:
        return ""
    return _normalise(s)


# Recording one fetch normalises the same few texts a dozen times (key, classification,
# fingerprints): remember the last few.
@functools.lru_cache(maxsize=NORMALISE_CACHE_SIZE)
def _normalise(s: str) -> str:
    s = _SPACE_INSIDE_GUILLEMETS.sub("", unicodedata.normalize("NFKC", s))
    s = s.translate(_TRANSLATION)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    paras = (_tidy_paragraph(p) for p in _PARAGRAPH_BREAK.split(s))
    return "\n\n".join(p for p in paras if p)


def _tidy_paragraph(p: str) -> str:
    return _SPACES.sub(" ", p).strip()


def paragraphs(s: str | None) -> list[str]:
    """The normalised paragraphs of a text."""
    text = normalise(s)
    return text.split("\n\n") if text else []


def words(s: str | None) -> list[str]:
    """The normalised words of a text (white-space separated)."""
    return normalise(s).split()


def text_key(version: Version) -> str:
    """sha256 hex of normalised title, subtitle and text: equal key, same version."""
    parts = [normalise(version.get(f)) for f in TEXT_FIELDS]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def field_changes(old: Version | None, new: Version) -> dict[str, dict[str, Any]]:
    """{field: {"old": ..., "new": ...}} for metadata fields whose meaning changed."""
    old = old or {}
    return {
        name: {"old": old.get(name), "new": new.get(name)}
        for name in FIELD_NAMES
        if _field_value(name, old.get(name)) != _field_value(name, new.get(name))
    }


def _field_value(name: str, value: Any) -> Any:
    """A comparable form of a field: order, case and typography of lists do not count."""
    if name in ("authors", "tags"):
        items = value if isinstance(value, (list, tuple)) else ([value] if value else [])
        return frozenset(normalise(str(v)).casefold() for v in items if normalise(str(v)))
    if name in ("published", "modified"):
        return _instant(value)
    if name == "image":
        return _image_identity(value)
    return normalise(value).casefold() or None


def _instant(value: Any) -> datetime | str | None:
    """The instant an ISO date means, so that "Z" and "+00:00" compare equal."""
    if not value:
        return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text


def _image_identity(value: Any) -> str | None:
    """Host and path of an image URL: query strings carry resizing and cache-busting noise."""
    if not value:
        return None
    parts = urlsplit(str(value).strip())
    return (parts.netloc.lower() + parts.path) or str(value).strip()


def is_stealth_edit(old: Version | None, new: Version) -> bool:
    """The text changed while the declared modification date did not."""
    if old is None or text_key(old) == text_key(new):
        return False
    return _instant(old.get("modified")) == _instant(new.get("modified"))


def classify(old: Version | None, new: Version) -> dict[str, Any]:
    """{"kinds": [...], "words_added": n, "words_removed": n} describing new against old."""
    if old is None:
        return {"kinds": ["first"], "words_added": _word_count(new), "words_removed": 0}
    # Imported here because diff builds on this module's normalise and field_changes.
    from archive.diff import compare_text

    kinds = _field_kinds(field_changes(old, new))
    added = removed = 0
    for name, kind in zip(TEXT_FIELDS, ("headline_changed", "subtitle_changed", None)):
        d = compare_text(old.get(name), new.get(name))
        added, removed = added + d.words_added, removed + d.words_removed
        if kind is None:
            kinds += _body_kinds(d.blocks, paragraphs(new.get(name)))
        elif d.words_added or d.words_removed:
            kinds.append(kind)
    return {"kinds": [k for k in KINDS if k in kinds], "words_added": added, "words_removed": removed}


def _word_count(version: Version) -> int:
    return sum(len(words(version.get(f))) for f in TEXT_FIELDS)


def _body_kinds(blocks: list[tuple[str, int, int, int, int]], b: list[str]) -> list[str]:
    """Kinds of a body change from its paragraph blocks (b: the new paragraphs)."""
    kinds: set[str] = set()
    added: list[str] = []
    corrections: list[str] = []
    for op, i1, i2, j1, j2 in blocks:
        if op == "replace":
            kinds.add("body_edited")
        if op in ("insert", "replace") and j2 - j1 > i2 - i1:
            added.extend(b[j1 + (i2 - i1) : j2])
        if op in ("delete", "replace") and i2 - i1 > j2 - j1:
            kinds.add("paragraphs_removed")
        if op == "insert" and (j2 == len(b) or j1 == 0):
            corrections.extend(p for p in b[j1:j2] if is_correction(p))
    if corrections:
        kinds.add("correction_appended")
    if len(added) > len(corrections):
        kinds.add("paragraphs_added")
    return sorted(kinds)


def is_correction(paragraph: str) -> bool:
    """Does this paragraph announce a correction, an update or an editor's note?"""
    folded = _fold(paragraph)
    return bool(_MARKER_PATTERN.match(folded) or _MARKER_ANYWHERE.search(folded))


def _fold(s: str) -> str:
    """Lower case without accents, for matching markers across languages."""
    decomposed = unicodedata.normalize("NFKD", normalise(s).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _field_kinds(changes: Mapping[str, Any]) -> list[str]:
    kinds = []
    if "authors" in changes:
        kinds.append("byline_changed")
    if "published" in changes or "modified" in changes:
        kinds.append("dates_changed")
    return kinds


def is_paywall_teaser(previous_text: str | None, new_text: str | None, paywalled: bool) -> bool:
    """Is new_text a cut-down teaser of the full previous_text, not a new version?"""
    full, teaser = words(previous_text), words(new_text)
    if not full or len(teaser) >= TEASER_MAX_RATIO * len(full):
        return False
    if paywalled:
        return True
    return bool(teaser) and _containment(teaser, full[: 2 * len(teaser) + 20]) >= TEASER_MIN_CONTAINMENT


def _containment(part: list[str], whole: list[str]) -> float:
    """Share of part's word trigrams found in whole (trailing ellipses ignored)."""
    part = [w for w in part if w.strip(".\u2026")] or part
    shingles = _shingles(part)
    return len(shingles & _shingles(whole)) / len(shingles) if shingles else 0.0


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    folded = [t.casefold().strip(".,;:!?\u2026\"'") for t in tokens]
    n = min(TEASER_SHINGLE, len(folded))
    return {tuple(folded[i : i + n]) for i in range(len(folded) - n + 1)}


# A "not found" page served with status 200 is short and says so in its title or first words.
SOFT_404_MAX_WORDS = 80
_SOFT_404 = re.compile(
    r"\b(?:404|page not found|not found|no longer available|could not be found|cannot be found"
    r"|can't be found|doesn't exist|does not exist|no longer exists|has been removed"
    r"|seite nicht gefunden|nicht gefunden|page introuvable|pagina no encontrada"
    r"|pagina non trovata|pagina nao encontrada|pagina niet gevonden)\b"
)


def is_soft_404(title: str | None, text: str | None) -> bool:
    """A 200 page that reads as an error page: a short text whose title or opening says not found."""
    body = words(text)
    if len(body) > SOFT_404_MAX_WORDS:
        return False
    return bool(_SOFT_404.search(_fold(title or "")) or _SOFT_404.search(_fold(" ".join(body[:30]))))
