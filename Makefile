# TalentBridge: two commands for a newcomer.
#   make demo   set everything up and serve the demo at http://127.0.0.1:8000 (SQLite)
#   make test   set up and run every test (SQLite, then PostgreSQL when one is reachable)

SHELL := /bin/bash
PYTHON312 ?= $(shell command -v python3.12 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null | tail -n 1)
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/talentbridge
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: demo setup python assets browser test test-sqlite test-postgres policy-mutations lint bench clean

demo: setup
	$(BIN)/talentbridge demo

setup: python assets

python: $(UV)
	$(UV) sync --locked --python "$(PYTHON312)" --quiet

$(UV):
	@test -n "$(PYTHON312)" || { echo "Python 3.12 is needed (pyenv install 3.12)"; exit 1; }
	"$(PYTHON312)" -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

assets: node_modules/.package-lock.json
	npm run --silent build

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --omit=optional --ignore-scripts --no-audit --no-fund --loglevel=error

browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium first: sudo apt-get install chromium"; exit 1; fi; }

lint: python
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_doc_links.py
	$(BIN)/python scripts/check_function_length.py
	$(BIN)/python scripts/check_function_imports.py

test: setup browser lint test-sqlite test-postgres policy-mutations

policy-mutations:
	@echo "== Loosening each access rule must fail the access matrix =="
	$(BIN)/python scripts/check_policy_mutations.py

test-sqlite:
	@echo "== Tests on SQLite =="
	$(BIN)/pytest -q -n 2 --dist loadfile

test-postgres:
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(POSTGRES_URL:/talentbridge=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== Tests on PostgreSQL (the app's tests but the browser tests, which the SQLite run has driven; the engine uses no database) =="; \
	  DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -q -n 2 --dist loadfile -m "not browser" talentbridge; \
	else \
	  if [ -n "$$CI" ]; then echo "PostgreSQL is not reachable at $(POSTGRES_URL), and CI needs it"; exit 1; fi; \
	  echo "== PostgreSQL not reachable at $(POSTGRES_URL): skipped the PostgreSQL run =="; \
	fi

# Every benchmark, on a scratch SQLite database in var/bench (set DATABASE_URL for PostgreSQL).
# An engine benchmark that misses a target exits 1 (shown as "ignored"); the rest still run.
bench: export TALENTBRIDGE_VAR_DIR := $(CURDIR)/var/bench
bench: setup
	-$(BIN)/talentbridge match bench --scales small,medium,large --repeat 3
	-$(BIN)/talentbridge insights bench
	-$(BIN)/talentbridge tenure bench
	-$(BIN)/talentbridge mentoring bench --repeat 3
	$(BIN)/talentbridge setup
	$(BIN)/talentbridge manage talent_bench --drop
	$(BIN)/talentbridge manage opportunities_bench
	$(BIN)/talentbridge manage insights_bench
	$(BIN)/talentbridge manage succession_bench
	@echo "== Load test: the production profile on PostgreSQL and Redis (docs/performance.md) =="
	$(BIN)/talentbridge loadtest --users 50,200 --seconds 60 --processes 1,2

clean:
	rm -rf $(VENV) .tools node_modules staticfiles talentbridge/core/static/talentbridge/build
