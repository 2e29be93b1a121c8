"""The SQLite archive of articles, versions, fetches and counters; usable without Scrapy."""
