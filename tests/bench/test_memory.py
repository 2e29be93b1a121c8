"""bench.memory tells the forkserver from its workers and counts shared pages once (PSS)."""

from __future__ import annotations

import psutil

from bench.memory import by_role, totals, tree_usage
from crawler.extract.worker import ExtractionPool

PAGE = ("<html><head><title>T</title></head><body><article><h1>T</h1>"
        + "<p>The council met on Tuesday to discuss the budget for the coming year.</p>" * 20
        + "</article></body></html>").encode()


def test_roles_and_proportional_sizes_of_an_extraction_pool() -> None:
    with ExtractionPool(workers=2) as pool:
        futures = [pool.submit(PAGE, f"http://127.0.0.1/{i}", "2025-01-01T00:00:00Z") for i in range(4)]
        for future in futures:
            future.result(timeout=60)
        usage = tree_usage(psutil.Process())
    roles = by_role(usage)
    assert roles["main"]["processes"] == 1
    assert roles["forkserver"]["processes"] == 1
    assert roles["worker"]["processes"] == 2
    total = totals(usage)
    # Workers share the forkserver's preloaded pages: proportional sizes add up to less than RSS.
    assert total["uss"] <= total["pss"] < total["rss"]
