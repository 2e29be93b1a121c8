"""The one exception extraction raises, with a short machine-readable reason."""


class ExtractionError(Exception):
    """Extraction failed; `reason` is a short word: timeout, not_html, empty, parse_error, ..."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[type["ExtractionError"], tuple[str, str]]:
        return (type(self), (self.reason, self.detail))
