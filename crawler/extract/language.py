"""Language: the page's declaration, checked against the text by py3langid."""

import re

import py3langid

CODE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*\s*$")
MIN_TEXT_TO_CHECK = 200
SAMPLE_CHARS = 5000
ISO_639_2_TO_1 = {"eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it",
                  "por": "pt", "nld": "nl", "dut": "nl", "rus": "ru", "pol": "pl", "ces": "cs", "cze": "cs"}
# Languages the detector confuses with a close neighbour; a declaration naming either is kept.
CLOSE = [{"no", "nb", "nn", "da"}, {"ms", "id"}, {"hr", "sr", "bs"}, {"cs", "sk"}, {"gl", "pt", "es"}]


def code_of(declared: str | None) -> str | None:
    """ISO 639-1 code of a declaration like 'en-US', 'de_DE' or 'deu'; None when unreadable."""
    match = CODE.match(declared or "")
    if not match:
        return None
    code = match.group(1).lower()
    code = {"nb": "no", "nn": "no"}.get(code, code)
    return ISO_639_2_TO_1.get(code, code if len(code) == 2 else None)


def detect(text: str) -> str | None:
    """The language py3langid finds in the text, None for short texts."""
    if len(text) < MIN_TEXT_TO_CHECK:
        return None
    code, _ = py3langid.classify(text[:SAMPLE_CHARS])
    return {"nb": "no", "nn": "no"}.get(code, code)


def _close(first: str, second: str) -> bool:
    return first == second or any(first in group and second in group for group in CLOSE)


def choose_language(declarations: list[str | None], text: str) -> str | None:
    """The first declaration the text agrees with; the text's own language when none does."""
    codes = [c for c in map(code_of, declarations) if c]
    found = detect(text)
    if found is None:
        return codes[0] if codes else None
    agreeing = next((c for c in codes if _close(c, found)), None)
    return agreeing or found
