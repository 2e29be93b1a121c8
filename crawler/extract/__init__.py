"""Pure extraction: page bytes, URL and fetch time to an article record (no Scrapy here)."""

from crawler.extract.core import extract_article
from crawler.extract.errors import ExtractionError

__all__ = ["ExtractionError", "extract_article"]
