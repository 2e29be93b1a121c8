# newsarchive: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test eval bench golden clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/newsarchive demo --db archive.db

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python -m crawler.extract.evaluate
	$(BIN)/python -m crawler.discovery.evaluate

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) archive.db archive.db-wal archive.db-shm .pytest_cache
