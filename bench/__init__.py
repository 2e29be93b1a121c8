"""`python -m bench`: every performance claim of newsarchive from one reproducible command.

Each module measures one thing and returns a plain dict; `__main__` runs them in order, prints a
Markdown table (`report.py`) and writes `bench/results.json`. Everything stays on 127.0.0.1.
"""
