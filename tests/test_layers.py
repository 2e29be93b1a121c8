"""The arrow of imports runs one way: the archive works without Scrapy or trafilatura."""

from __future__ import annotations

import subprocess
import sys

BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('scrapy', 'trafilatura', 'twisted', 'crawler'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import archive.store, archive.cli, archive.diff, archive.revisions, archive.schema
print('ok')
"""


def test_archive_imports_without_scrapy_or_trafilatura() -> None:
    out = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
