# Every target bootstraps .venv/ from a pinned lock file on first use: `make run` and
# `make examples` from requirements/runtime.lock (what a server installs), the tests, lint
# and benchmarks from requirements/dev.lock (the same pins, plus the development tools).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
# PostgreSQL used by `make test` (tests create their own database on this server).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/partnerfolio

.PHONY: run examples test test-sqlite test-postgres lint bench bench-record bench-pages bench-scale bench-api bench-team bench-exports lock clean

$(RUNTIME_STAMP): requirements/runtime.lock requirements/pip.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/runtime.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(DEV_STAMP): requirements/dev.lock requirements/pip.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# The bundled examples are written as of this date; `make run AS_OF=YYYY-MM-DD` to move it.
AS_OF ?= 2026-11-30

# The web application on http://127.0.0.1:8000 with the demo portfolio (loaded on first run).
run: $(RUNTIME_STAMP)
	$(BIN)/partnerfolio migrate --noinput -v 0
	$(BIN)/partnerfolio demo
	$(BIN)/partnerfolio ensureadmin
	$(BIN)/partnerfolio collectstatic --noinput -v 0
	@echo "Partnerfolio on http://127.0.0.1:8000, with the task queue's worker (Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/partnerfolio worker --workers 2 & \
	$(BIN)/gunicorn partnerfolio.config.wsgi --bind 127.0.0.1:8000 --workers 2 --threads 4

# The bundled example documents, assessed in the terminal.
examples: $(RUNTIME_STAMP)
	$(BIN)/partnerfolio assess --as-of $(AS_OF) examples/*.json

# The two passes side by side (two cores; they share nothing but the PostgreSQL server,
# where each test creates its own database), each printed whole when it ends.
test: $(DEV_STAMP) $(CHROMIUM) $(PDFTOPPM) $(AXE) $(NGINX) $(XMLSEC1)
	@echo "Running the SQLite and PostgreSQL passes side by side; each prints when it ends…"
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

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

# axe-core for the accessibility checks in the browser tests, and the certified oidc-provider
# the single sign-on tests sign in through (npm, pinned by the lock).
AXE = node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AXE)

# The team-installation test drives Debian's nginx. Its package would start a service on
# port 80, and fail to install where that start fails: a policy-rc.d (Debian's switch for
# service starts; many images ship one) keeps it from starting while it installs.
NGINX ?= /usr/sbin/nginx
$(NGINX):
	@echo "Installing nginx for the team-installation test (apt-get)…"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	@if [ -e /usr/sbin/policy-rc.d ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	else \
	  trap 'rm -f /usr/sbin/policy-rc.d' EXIT; \
	  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	fi

# The SAML identity provider of the single sign-on tests (pysaml2) signs with Debian's
# xmlsec1 binary.
XMLSEC1 ?= /usr/bin/xmlsec1
$(XMLSEC1):
	@echo "Installing xmlsec1 for the SAML single sign-on tests (apt-get)…"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1

test-sqlite: $(DEV_STAMP) $(CHROMIUM) $(PDFTOPPM) $(AXE) $(NGINX) $(XMLSEC1)
	$(BIN)/python -m pytest

test-postgres: $(DEV_STAMP) $(CHROMIUM) $(PDFTOPPM) $(AXE) $(NGINX) $(XMLSEC1)
	DATABASE_URL=$(PG_TEST_URL) PARTNERFOLIO_SECRET_KEY=test-only-not-secret \
	  PARTNERFOLIO_REQUIRE_DB=postgresql $(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/partnerfolio/domain src/partnerfolio/interchange
	$(BIN)/python -m django check --settings=partnerfolio.config.settings

bench: $(DEV_STAMP)
	$(BIN)/python bench/assess_bench.py

bench-record: $(DEV_STAMP)
	$(BIN)/python bench/record_bench.py

bench-pages: $(DEV_STAMP)
	$(BIN)/python bench/pages_bench.py

# The portfolio-wide pages through gunicorn at 10,000 partnerships, PostgreSQL and SQLite;
# quicker: make bench-scale SCALE='--count 2000 --database sqlite'
bench-scale: $(DEV_STAMP)
	$(BIN)/python bench/scale_bench.py $(SCALE)

# Streamed exports and the kept portfolio report at 10,000 partnerships (EXPORT_COUNT=2000 for fewer).
EXPORT_COUNT ?= 10000
bench-exports: $(DEV_STAMP)
	$(BIN)/python bench/export_bench.py --count $(EXPORT_COUNT)

# The team installation under load (docs/deploy.md): through nginx to two servers, beside
# one server reached directly.
bench-team: $(DEV_STAMP) $(NGINX)
	$(BIN)/python bench/team_bench.py

bench-api: $(DEV_STAMP)
	$(BIN)/python bench/api_bench.py
	$(BIN)/python bench/api_bench.py --postgres

# Regenerate the locks after changing dependencies in pyproject.toml. dev.lock resolves
# everything (runtime, the redis extra, dev, the build group), keeping the pins it already
# has; runtime.lock takes its pins from dev.lock, so installing one over the other changes
# no version. To move a pin: make lock UPGRADE='--upgrade-package django'.
# uv runs from a throwaway folder, never from the project's venv.
UV_TOOL ?= /tmp/partnerfolio-uv
UV ?= $(UV_TOOL)/bin/uv
UPGRADE ?=
lock:
	@command -v $(UV) >/dev/null || $(PYTHON) -m pip install --quiet --target $(UV_TOOL) uv
	$(UV) pip compile pyproject.toml --extra redis --extra dev --group build --python-version 3.11 --generate-hashes -o requirements/dev.lock $(UPGRADE) >/dev/null
	$(UV) pip compile pyproject.toml --extra redis --group build --constraints requirements/dev.lock --python-version 3.11 --generate-hashes -o requirements/runtime.lock >/dev/null

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
