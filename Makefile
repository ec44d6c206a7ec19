# Udvalg: `make run` starts the embedded system with demo data; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install run test lint bench servers system-packages run-production stop-production events-doc clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) -m embedded

servers:
	bash tests/support/ensure-servers.sh

system-packages:
	bash tests/support/ensure-system-packages.sh

lint: install
	$(PY) -m ruff check .
	$(PY) -m mypy

test: lint servers system-packages
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# Every benchmark script in bench/ (each prints its ratio lines last; harness.py is their library).
# Each script keeps to its own time budget (--budget; BENCH_BUDGET_SECONDS overrides them all).
BENCH_SCRIPTS := $(filter-out bench/harness.py,$(wildcard bench/*.py))

bench: install servers
	@set -e; for script in $(BENCH_SCRIPTS); do echo "== $$script (started $$(date -u +%T) UTC)"; $(PY) $$script; done

run-production: install
	bash deploy/run-local-production.sh

stop-production:
	bash deploy/run-local-production.sh stop

events-doc: install
	$(PY) -m shared.events.catalogue > docs/events.md

clean:
	rm -rf $(VENV) var .pytest_cache
