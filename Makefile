# Career Manager: `make run` to try it, `make test` for everything CI checks.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# Interpreters to try, best first; each is asked for its version since a pyenv shim may refuse.
PYTHON_CANDIDATES ?= python3.13 python3.12 python3 $(shell ls -d $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null | sort -rV)
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: help run install test test-sqlite test-postgres test-browser prod-check load lint format bench clean

help:
	@echo "make run      install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test     lint, checks, tests on SQLite and PostgreSQL, then browser tests"
	@echo "make lint     ruff lint and format check, and the apps' layers (import-linter)"
	@echo "make format   apply ruff formatting and fixes"
	@echo "make prod-check  the production profile: PostgreSQL, two app servers, a worker, S3"
	@echo "make bench    throughput and query counts of the main pages"
	@echo "make load     50 people for 10 minutes, then 100, on the production stack (locust)"
	@echo "make clean    remove the virtual environment, local data and caches"

$(BIN)/python:
	@python=""; \
	for candidate in $(PYTHON_CANDIDATES); do \
	  if "$$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
	    python="$$candidate"; break; \
	  fi; \
	done; \
	if [ -z "$$python" ]; then \
	  echo "Career Manager needs Python 3.12 or newer, and none was found."; \
	  echo "Tried: $(PYTHON_CANDIDATES)"; \
	  echo "Install one (for example 'apt-get install python3.12 python3.12-venv', or 'pyenv install 3.13')"; \
	  echo "or point at it: make run PYTHON_CANDIDATES=/path/to/python3.13"; \
	  exit 1; \
	fi; \
	echo "Using $$python ($$("$$python" --version))"; \
	"$$python" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	CAREERMANAGER_DEBUG=true $(BIN)/careermanager migrate --no-input
	CAREERMANAGER_DEBUG=true $(BIN)/careermanager demo
	CAREERMANAGER_DEBUG=true CAREERMANAGER_SITE_URL=$${CAREERMANAGER_SITE_URL:-http://127.0.0.1:$(PORT)} \
	  $(BIN)/careermanager runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# PostgreSQL runs when DATABASE_URL is set or a server answers on 127.0.0.1:5432.
test: lint
	$(BIN)/careermanager check --fail-level WARNING
	CAREERMANAGER_ENV=production CAREERMANAGER_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  CAREERMANAGER_ALLOWED_HOSTS=careers.example.org CAREERMANAGER_SITE_URL=https://careers.example.org \
	  $(BIN)/careermanager check --deploy --fail-level WARNING
	$(BIN)/careermanager makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ] || $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 1)' 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "No PostgreSQL on 127.0.0.1:5432 and no DATABASE_URL: skipping the PostgreSQL run."; fi
	$(MAKE) --no-print-directory test-browser

test-sqlite: install
	env -u DATABASE_URL $(BIN)/pytest -n auto -m "not browser" -p no:cacheprovider

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -n auto -m "not browser" -p no:cacheprovider

test-browser: install
	env -u DATABASE_URL $(BIN)/pytest -m browser -p no:cacheprovider

# The production profile on PostgreSQL (PRODCHECK_PG_URL, default the local server), two
# gunicorn app servers, one db_worker and S3 storage (moto), walked through by a new member.
prod-check: install
	$(BIN)/python -m bench.prod_check

# locust, for `make load` only (the load extra).
$(VENV)/.installed-load: pyproject.toml | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,load]"
	touch $@

# The production stack under load: 50 people for 10 minutes, then a spike to 100 (about 15
# minutes in all; LOAD_ARGS=--quick for a one-minute rehearsal). Results: var/load/report.md.
load: install $(VENV)/.installed-load
	$(BIN)/python -m bench.loadtest $(LOAD_ARGS)

# The throughput benchmark loads the pages with wrk (Debian's package), installed when missing.
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -q && apt-get install -y -q --no-install-recommends wrk; \
	  elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -q && sudo apt-get install -y -q --no-install-recommends wrk; \
	  fi; \
	  command -v wrk >/dev/null 2>&1 || echo "wrk is missing and could not be installed" \
	    "(apt-get install wrk): the throughput benchmark will fail and say so; the others run."; \
	}
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis build *.egg-info test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
