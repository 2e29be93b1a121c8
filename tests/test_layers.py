"""The arrow of imports runs one way: the archive works without Scrapy or trafilatura."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import archive

MODULES = sorted(f"archive.{m.name}" for m in pkgutil.iter_modules(archive.__path__))
BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('scrapy', 'trafilatura', 'twisted', 'crawler'):
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print('ok')
"""


def test_archive_imports_without_scrapy_or_trafilatura() -> None:
    assert "archive.store" in MODULES and "archive.cli" in MODULES
    out = subprocess.run([sys.executable, "-c", BLOCKER, *MODULES], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
