"""The article body: trafilatura on a pruned copy of the tree, then line-level noise removal."""

import copy
import re
from typing import Any

import trafilatura
from lxml import html
from trafilatura.settings import Document

from crawler.extract.counters import COUNT_FIRST, LABEL_FIRST

NOISE_CLASSES = ("share", "sharing", "social", "newsletter", "cookie", "consent", "subscribe",
                 "related", "read-more", "readmore", "also-read", "post-views", "comments-link",
                 "comment-count", "views-count", "entry-views", "share-count", "likes-count",
                 "gdpr", "paywall-prompt", "signup", "sign-up", "promo")
MAX_PRUNED_CHARS = 400
PRUNE_XPATH = [
    "//*[" + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {n} ') or contains(@class, '{n}-')"
        f" or contains(@class, '-{n}')" for n in NOISE_CLASSES) + f"][not(.//h1)][not(self::article)][string-length(normalize-space(.)) < {MAX_PRUNED_CHARS}]",
    "//*[@role='dialog' or @aria-modal='true']",
]
MAX_NOISE_LINE = 160
NOISE_LINE = re.compile(
    r"^\s*(?:"
    r"(?:updated|aktualisiert|actualizado|mis à jour|aggiornato|bijgewerkt)\b.{0,40}\b(?:ago|vor|hace|il y a|fa)\b.*"
    r"|(?:updated|aktualisiert|actualizado)\s+(?:vor|hace)\s+\d+.*"
    r"|\d+\s+(?:minutes?|hours?|mins?|hrs?|Minuten|Stunden|minutos|horas)\s+(?:ago|her)"
    r"|(?:read more|also read|read also|related|see also|more|lesen sie auch|mehr zum thema|lee también|lire aussi|leggi anche)\s*[:»>|-].*"
    r"|(?:share|teilen|compartir|partager)(?: (?:this|on|via|article|story|post))*[:!]?\s*"
    r"|(?:sign up|subscribe)\b.{0,100}\bnewsletter\b.*"
    r"|\d[\d.,]*\s*[kKmM]?"
    r")\s*$", re.I)


def _noise(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) > MAX_NOISE_LINE:
        return False
    if NOISE_LINE.match(stripped):
        return True
    return any(p.match(stripped) for p in (*COUNT_FIRST.values(), *LABEL_FIRST.values()))


def clean_text(text: str) -> str:
    """Paragraphs separated by one blank line, noise lines dropped."""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p and not _noise(p))


def run_trafilatura(tree: html.HtmlElement, url: str, max_date: str) -> Document | None:
    """trafilatura on a copy of the tree (it edits the tree it gets)."""
    return trafilatura.bare_extraction(
        copy.deepcopy(tree), url=url, with_metadata=True, prune_xpath=PRUNE_XPATH,
        date_extraction_params={"original_date": True, "extensive_search": True, "max_date": max_date},
    )


def extract_body(tree: html.HtmlElement, url: str, max_date: str) -> tuple[str, dict[str, Any]]:
    """The cleaned body text and trafilatura's metadata guesses."""
    doc = run_trafilatura(tree, url, max_date)
    if doc is None:
        return "", {}
    guesses = doc.as_dict()
    return clean_text(doc.text or ""), guesses
