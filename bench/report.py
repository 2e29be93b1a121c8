"""The Markdown table of a benchmark run: one row per figure, its target and whether it is met."""

from __future__ import annotations

from typing import Any

MB = 2**20


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def _structure(side: dict[str, Any]) -> str:
    ms = side.get("extraction_cpu_p50_ms")
    cost = f", extraction p50 **{ms:.0f} ms** CPU" if ms is not None else ""
    return (f"median **{side['elements']:,.0f} elements**, {side['max_depth']:.0f} deep, "
            f"{side['links']:.0f} links, {side['kb']:.0f} KB{cost}")


def _memory_total(run: dict[str, Any]) -> float:
    """The crawl's memory: the proportional (PSS) total of all its processes when measured."""
    return run.get("peak_total_pss_mb") or run["peak_total_rss_mb"]


def _memory(run: dict[str, Any]) -> str:
    text = (f"RSS: main {run['peak_main_rss_mb']:.0f} MB, workers and forkserver "
            f"{run['peak_workers_rss_mb']:.0f} MB, together {run['peak_total_rss_mb']:.0f} MB")
    if not run.get("peak_total_pss_mb"):
        return text
    roles = run.get("at_peak_pss", {}).get("by_role", {})
    parts = ", ".join(f"{name} {v['pss_mb']:.0f}" + (f" ({v['processes']})" if v["processes"] > 1 else "")
                      for name, v in roles.items())
    return (f"**{run['peak_total_pss_mb']:.0f} MB proportional (PSS)**: {parts}; unique (USS) "
            f"{run['peak_total_uss_mb']:.0f} MB; {text}")


def _rows(r: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    rows: list[tuple[str, str, str, bool | None]] = []
    t = r.get("targets", {})
    crawl = r.get("crawl")
    if crawl:
        first, fetch, ceil = crawl["first_crawl"], crawl["fetch_ceiling"], r["extraction_ceiling"]
        lower = min(fetch["pages_per_second"], ceil["ceiling_pages_per_second"])
        share = first["pages_per_second"] / lower if lower else 0.0
        rows.append((f"1. crawl end to end, {crawl['articles']:,} articles ({first['pages']:,} pages)",
                     f"{first['pages_per_second']:.1f} pages/s = **{share:.2f}** of the lower ceiling "
                     f"(fetch {fetch['pages_per_second']:.1f}, extraction {ceil['ceiling_pages_per_second']:.1f} "
                     f"= {ceil['cores']} cores / {ceil['cpu']['mean_ms']:.1f} ms CPU)",
                     f">= {t['end_to_end_share']}", share >= t["end_to_end_share"]))
        server_ms = 1000 * first.get("server_cpu_seconds", 0) / max(first["pages"], 1)
        rows.append(("1. CPU per page of the end-to-end crawl",
                     f"main process {first['main_cpu_ms_per_page']:.1f} ms (alone it caps the crawl at "
                     f"{1000 / max(first['main_cpu_ms_per_page'], 0.1):.0f} pages/s), extraction workers "
                     f"{first['workers_cpu_ms_per_page']:.1f} ms, server {server_ms:.1f} ms; fetch-only crawl: main "
                     f"{fetch['main_cpu_ms_per_page']:.1f} ms", "context", None))
        rows.append(("2. unchanged recrawl (conditional GET)",
                     f"{crawl['recrawl']['pages_per_second']:.1f} pages/s = **{crawl['recrawl_ratio']:.1f}x** the first crawl",
                     f">= {t['recrawl_ratio']}x", crawl["recrawl_ratio"] >= t["recrawl_ratio"]))
    ex = r.get("extraction_corpus")
    if ex and "wall" in ex:
        rows.append((f"3. extraction per page, corpus ({ex['pages']} pages)",
                     f"p50 {ex['wall']['p50_ms']:.0f} ms, p95 {ex['wall']['p95_ms']:.0f} ms, max "
                     f"{ex['wall']['max_ms']:.0f} ms (CPU mean {ex['cpu']['mean_ms']:.0f} ms)",
                     "context (trafilatura ~40 ms)", None))
    cal = r.get("calibration")
    if cal and cal.get("corpus", {}).get("pages"):
        rows.append(("calibration: generated article pages vs the corpus's real pages",
                     f"{_structure(cal['site'])}; corpus ({cal['corpus']['pages']:,} pages): "
                     f"{_structure(cal['corpus'])}", "context (realism)", None))
    st = r.get("storage")
    if st:
        a, b = st["after_first_crawl"], st["after_recrawls"]
        rows.append(("4. archive size after the first crawl",
                     f"{a['bytes_per_article'] / 1024:.1f} KB/article, {a['share_of_fetched']:.1%} of fetched "
                     f"({a['share_of_captured_raw']:.1%} of captured HTML)", "context", None))
        rows.append((f"4. archive size after {st['recrawls']} recrawls, 10 % edited each",
                     f"{b['bytes_per_article'] / 1024:.1f} KB/article, **{b['share_of_fetched']:.1%}** of "
                     f"{b['fetched_bytes'] / MB:,.0f} MB fetched ({b['share_of_captured_raw']:.1%} of captured HTML)",
                     f"<= {t['archive_share']:.0%}", b["share_of_fetched"] <= t["archive_share"]))
    df = r.get("diffs")
    if df:
        real = df["real_pairs"]
        rows.append((f"5. diffs of real version pairs ({real['count']})",
                     f"p50 {real['p50_ms']:.1f} ms, p95 **{real['p95_ms']:.1f} ms**",
                     f"p95 <= {t['diff_p95_ms']} ms", real["p95_ms"] <= t["diff_p95_ms"] if real["count"] else None))
        rows.append(("5. diff, pathological worst case",
                     f"**{df['worst_ms']:.0f} ms** ({df['worst_pair']})",
                     f"<= {t['diff_worst_ms']} ms", df["worst_ms"] <= t["diff_worst_ms"]))
    for key, label in (("crawl", "first crawl"), ("memory", "memory crawl")):
        run = r.get(key)
        if not run:
            continue
        run = run["first_crawl"] if key == "crawl" else run
        rows.append((f"6. peak memory, {label} ({run['pages']:,} pages)", _memory(run),
                     f"<= {t['memory_mb']} MB", _memory_total(run) <= t["memory_mb"]))
    if r.get("memory"):
        m = r["memory"]
        rows.append((f"6. (throughput at {m['pages']:,} pages)", f"{m['pages_per_second']:.1f} pages/s", "context", None))
    q = r.get("queries")
    if q:
        n = q["generated"]["versions"]
        c = q["changed_24h"]
        rows.append((f"7. changed in the last 24 hours, {n:,} versions",
                     f"**{c['ms']:.1f} ms** ({c['rows']:,} rows, {c['how']})",
                     f"<= {t['changed_24h_ms']} ms", c["ms"] <= t["changed_24h_ms"]))
        s = q["search"]
        if "max_ms" in s:
            rows.append((f"7. FTS search, {n:,} versions",
                         f"p50 {s['p50_ms']:.1f} ms, worst **{s['max_ms']:.1f} ms** over {len(s['per_query_ms'])} searches",
                         f"<= {t['fts_ms']} ms", s["max_ms"] <= t["fts_ms"]))
        e = q["export"]
        if "peak_rss_mb" in e:
            rows.append((f"7. export of {e['rows']:,} versions (JSON lines)",
                         f"peak {e['peak_rss_mb']:.0f} MB in {e['seconds']:.1f} s", "bounded", None))
    return rows


def markdown(results: dict[str, Any]) -> str:
    lines = ["| measurement | result | target | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {_mark(d)} |" for a, b, c, d in _rows(results)]
    m = results.get("machine", {})
    lines.append("")
    lines.append(f"{m.get('cores')} cores, {m.get('python')}, load average {m.get('loadavg_start')} at the start; "
                 f"{results.get('mode')} run of {results.get('started')} (commit {results.get('commit')}), "
                 f"{results.get('seconds', 0):.0f} s.")
    return "\n".join(lines)
