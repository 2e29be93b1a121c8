"""The bundled demo news site, served on 127.0.0.1 for make run, the tests and the benchmark.

    with DemoServer() as server:          # Site() = the 20-article demo, edition 1
        server.url                        # "http://127.0.0.1:PORT/"
        server.edition = 2                # documented edits: demosite.content.EDITION_CHANGES
        server.requests                   # [(method, path, headers, monotonic time, status)]

`python -m demosite --port 0` prints `DEMOSITE_URL http://127.0.0.1:PORT/`;
`POST /__control__/edition` (body: the number) switches a server in another process.
"""

from demosite.content import EDITION_CHANGES, TEXT_CHANGE_KINDS, Article, Change
from demosite.server import DemoServer, Request
from demosite.site import Site

__all__ = ["EDITION_CHANGES", "TEXT_CHANGE_KINDS", "Article", "Change", "DemoServer", "Request",
           "Site"]
