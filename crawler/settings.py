"""Scrapy settings of the newsarchive project: polite defaults, bounded limits."""

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are and how to reach us: site owners read this in their logs.
NEWSARCHIVE_CONTACT_URL = "https://github.com/newsarchive/newsarchive"
USER_AGENT = f"newsarchive/0.1 (+{NEWSARCHIVE_CONTACT_URL})"

ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4

# Web content is untrusted: bound its size and the time it may take.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
DEPTH_LIMIT = 5
URLLENGTH_LIMIT = 2048
REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 2

EXTENSIONS = {
    "crawler.extensions.CrawlRecorder": 500,  # the `crawls` table and live progress
}

ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.recordwriter.RecordWriterPipeline": 790,
    "crawler.pipelines.ArchivePipeline": 800,
}

# The archive the crawl writes to, and the extraction workers.
ARCHIVE_PATH = "archive.db"
# Set (and ARCHIVE_PATH emptied) on crawl machines that hand their fetches to a writer elsewhere.
RECORDS_PATH = ""
EXTRACT_WORKERS = 0  # 0: one per core
EXTRACT_TIMEOUT = 30.0

FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
