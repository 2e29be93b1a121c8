"""Re-extraction of saved files and manifests, in input order, failures as lines with an error."""

import gzip
import json
from pathlib import Path

from crawler.extract.batch import extract_many, read_manifest
from crawler.extract.worker import ExtractionPool
from tests.extract.pages import FETCHED, URL, article_page


def test_files_and_manifest_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(article_page(title="First story about the harbour"))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(article_page(title="Second story about the bridge").encode()))
    (tmp_path / "empty.html").write_text("")
    manifest = tmp_path / "m.jsonl"
    lines = [{"path": name, "url": URL} for name in ("a.html", "empty.html", "b.html.gz", "missing.html")]
    manifest.write_text("\n".join(json.dumps(line) for line in lines))
    with ExtractionPool(workers=2, timeout=30) as pool:
        out = list(extract_many(read_manifest(manifest), pool, workers=2, fetched_at=FETCHED))
    assert [Path(o["path"]).name for o in out] == ["a.html", "empty.html", "b.html.gz", "missing.html"]
    assert out[0]["title"] == "First story about the harbour"
    assert out[1]["error"] == "empty"
    assert out[2]["title"] == "Second story about the bridge"
    assert out[3]["error"] == "unreadable"
    assert all(o["url"] == URL for o in out)
