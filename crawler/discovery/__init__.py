"""Discovery: pure functions that find article URLs in robots.txt, sitemaps, feeds and pages."""
