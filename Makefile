# Every target bootstraps .venv/ from the pinned lock file on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# PostgreSQL used by `make test` (tests create their own database on this server).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/partnerfolio

.PHONY: run examples test test-sqlite test-postgres lint bench bench-record bench-pages bench-api lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# The bundled examples are written as of this date; `make run AS_OF=YYYY-MM-DD` to move it.
AS_OF ?= 2026-11-30

# The web application on http://127.0.0.1:8000 with the demo portfolio (loaded on first run).
run: $(STAMP)
	$(BIN)/partnerfolio migrate --noinput -v 0
	$(BIN)/partnerfolio demo
	$(BIN)/partnerfolio ensureadmin
	$(BIN)/partnerfolio collectstatic --noinput -v 0
	@echo "Partnerfolio on http://127.0.0.1:8000, with the task queue's worker (Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/partnerfolio worker --workers 2 & \
	$(BIN)/gunicorn partnerfolio.config.wsgi --bind 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile -

# The bundled example documents, assessed in the terminal.
examples: $(STAMP)
	$(BIN)/partnerfolio assess --as-of $(AS_OF) examples/*.json

test: test-sqlite test-postgres

# The browser tests drive Debian's Chromium; install it when it is missing (needs root).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@echo "Installing Chromium for the browser tests (apt-get)…"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils

# pdftoppm renders report PDFs to PNG in the report tests.
PDFTOPPM ?= /usr/bin/pdftoppm
$(PDFTOPPM):
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils

# axe-core for the accessibility checks in the browser tests (npm, pinned by the lock).
AXE = node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AXE)

test-sqlite: $(STAMP) $(CHROMIUM) $(PDFTOPPM) $(AXE)
	$(BIN)/python -m pytest

test-postgres: $(STAMP) $(CHROMIUM) $(PDFTOPPM) $(AXE)
	DATABASE_URL=$(PG_TEST_URL) PARTNERFOLIO_REQUIRE_DB=postgresql $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/partnerfolio/domain src/partnerfolio/interchange
	$(BIN)/python -m django check --settings=partnerfolio.config.settings

bench: $(STAMP)
	$(BIN)/python bench/assess_bench.py

bench-record: $(STAMP)
	$(BIN)/python bench/record_bench.py

bench-pages: $(STAMP)
	$(BIN)/python bench/pages_bench.py

bench-api: $(STAMP)
	$(BIN)/python bench/api_bench.py
	$(BIN)/python bench/api_bench.py --postgres

# Regenerate requirements.lock after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m pip install --quiet --user uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
