"""The benchmark harness still runs end to end at a tiny size (the figures are not checked)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TINY = ("--articles", "20", "--versions", "100", "--corpus-limit", "5", "--memory-articles", "0",
        "--recrawls", "1", "--ceiling-sample", "5")


def test_bench_runs_every_measurement_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, "-m", "bench", *TINY, "--out", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=Path(__file__).parents[2])
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["crawl"]["first_crawl"]["stats"]["finish_reason"] == "finished"
    assert results["crawl"]["first_crawl"]["pages"] > 20
    assert results["crawl"]["recrawl"]["stats"]["finish_reason"] == "finished"
    assert results["storage"]["after_recrawls"]["articles"] == 20
    assert results["diffs"]["pathological_ms"]
    assert results["queries"]["generated"]["versions"] == 100
    assert "| measurement |" in proc.stdout
