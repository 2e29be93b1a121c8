"""crawler.extract stays framework-free: importing it loads neither Scrapy nor Twisted."""

import subprocess
import sys


def test_no_scrapy_import() -> None:
    code = "import sys, crawler.extract; print(any(m.split('.')[0] in {'scrapy', 'twisted'} for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
