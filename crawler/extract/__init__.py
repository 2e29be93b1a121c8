"""Pure extraction: page bytes, URL and fetch time to an article record (no Scrapy here).

Errors: every failure is an ExtractionError whose `reason` is a short word::

    ExtractionError
      reason: not_html | empty | parse_error | too_deep          (extract_article)
              timeout | worker_crashed | worker_error | cancelled (ExtractionPool futures)
              extract_failed | out_of_memory | pool_closed | unreadable
"""

from crawler.extract.core import extract_article
from crawler.extract.errors import ExtractionError
from crawler.extract.worker import ExtractionPool

__all__ = ["ExtractionError", "ExtractionPool", "extract_article"]
