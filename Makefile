# Every target bootstraps .venv/ from the pinned lock file on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# PostgreSQL used by `make test` (tests create their own database on this server).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/partnerfolio

.PHONY: run test test-sqlite test-postgres lint bench bench-record lock clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# The bundled examples are written as of this date; `make run AS_OF=YYYY-MM-DD` to move it.
AS_OF ?= 2026-11-30

run: $(STAMP)
	$(BIN)/partnerfolio assess --as-of $(AS_OF) examples/*.json

test: test-sqlite test-postgres

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest

test-postgres: $(STAMP)
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

# Regenerate requirements.lock after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m pip install --quiet --user uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
