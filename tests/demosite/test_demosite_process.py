"""`python -m demosite` prints its URL and can be switched to another edition over HTTP."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from demosite import stories

Fetch = Callable[..., Any]


def test_subprocess_prints_url_and_switches_edition(fetch: Fetch) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "demosite", "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("DEMOSITE_URL http://127.0.0.1:") and line.endswith("/")
        url = line.split()[1]
        assert stories.SEED_TITLE.replace("'", "&#x27;") in fetch(url).text
        assert fetch(url + "__control__/edition").text == "1"
        switched = fetch(url + "__control__/edition", data=b"2")
        assert (switched.status, switched.text) == (200, "2")
        assert stories.HEADLINE_2_EDITED in fetch(url).text
        assert fetch(url + "__control__/edition", data=b"zero").status == 400
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()
