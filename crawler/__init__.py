"""newsarchive crawl layer: the Scrapy project, extraction and the commands that need them."""
