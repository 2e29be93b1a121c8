"""Scrapy settings of the newsarchive project: polite defaults, bounded limits."""

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are and how to reach us: site owners read this in their logs.
NEWSARCHIVE_CONTACT_URL = "https://github.com/newsarchive/newsarchive"
NEWSARCHIVE_AGENT = "newsarchive/0.1"
USER_AGENT = f"{NEWSARCHIVE_AGENT} (+{NEWSARCHIVE_CONTACT_URL})"  # a site's contact_url replaces it
# The sites config (crawler.sites); `--sites PATH` or $NEWSARCHIVE_SITES set it.
NEWSARCHIVE_SITES = ""

ROBOTSTXT_OBEY = True
ROBOTSTXT_RECHECK = 60.0  # seconds before an unreachable (5xx) robots.txt is asked again
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for the output of every response (default 100, ~0.5 ms
# of the crawl process a page); a response of this spider yields at most one item, and its
# requests are only scheduled, so two is as fast.
CONCURRENT_ITEMS = 2

# Web content is untrusted: bound its size and the time it may take.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
# Depth is counted by the spider in link hops from a start URL, sitemap or feed entry (a site's
# `depth`); Scrapy's own count would include robots.txt and sitemap indexes.
DEPTH_LIMIT = 0
URLLENGTH_LIMIT = 2048
REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 2
RETRY_AFTER_MAX = 120.0  # seconds: the longest Retry-After honoured

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.Rfc9309RobotsTxtMiddleware": 100,
    "crawler.middlewares.RetryAfterMiddleware": 560,  # before Scrapy's RetryMiddleware (550)
    "crawler.moves.RevisitRedirectMiddleware": 590,  # a revisit's redirect, before it is downloaded
}

EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.middlewares.SiteAutoThrottle": 0,  # AutoThrottle with a floor per site
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
