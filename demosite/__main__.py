"""`python -m demosite`: serve the demo site and print `DEMOSITE_URL <url>` once listening."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from demosite.server import DemoServer
from demosite.site import Site


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m demosite", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--edition", type=int, default=1)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--edit-fraction", type=float, default=0.0)
    parser.add_argument("--discovery", choices=("all", "mixed"), default="all")
    parser.add_argument("--traps", action="store_true")
    parser.add_argument("--no-conditional", dest="conditional", action="store_false")
    parser.add_argument("--no-log", dest="log_requests", action="store_false",
                        help="do not keep the request log (long benchmark runs)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Serve until SIGTERM or SIGINT."""
    args = parse_args(argv)
    site = Site(args.articles, args.seed, edit_fraction=args.edit_fraction,
                discovery=args.discovery, traps=args.traps)
    server = DemoServer(site, host=args.host, port=args.port, edition=args.edition,
                        conditional=args.conditional, log_requests=args.log_requests)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    with server:
        print(f"DEMOSITE_URL {server.url}", flush=True)
        while not done.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
