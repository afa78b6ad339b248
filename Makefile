# おおた つながりマップ — every command the project needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install browser run demo-code serve migrate demo test test-postgres test-browser test-production lint format check bench backup restore clean

help: ## List every target
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

browser: install ## Provide a Chromium for the browser tests (Debian's package, else Playwright's download)
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then \
	  sudo apt-get install -y chromium; \
	else \
	  $(BIN)/playwright install chromium; \
	fi

run: install migrate demo ## Install, migrate, load demo data and the demo logins, serve at HOST:PORT (default http://127.0.0.1:8000)
	SITE_URL=http://$(HOST):$(PORT) $(MANAGE) create_demo_users
	SITE_URL=http://$(HOST):$(PORT) $(MANAGE) load_demo_portal
	SITE_URL=http://$(HOST):$(PORT) $(MANAGE) load_demo_matching
	@echo "サイト: http://$(HOST):$(PORT)/   管理画面: http://$(HOST):$(PORT)/admin/"
	@echo "管理画面・コーディネーターのデモ用アカウントは二要素認証つきです。確認コードは別の端末で make demo-code"
	$(MANAGE) runserver $(HOST):$(PORT)

demo-code: ## Show the demo accounts' current two-factor code (development only)
	@$(MANAGE) demo_two_factor_code

serve: install ## Serve the site without reloading data
	$(MANAGE) runserver $(HOST):$(PORT)

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: install ## Load the fictional demo data (safe to repeat)
	$(MANAGE) load_demo_data

test: install browser ## Run the whole test suite on SQLite (browser tests included)
	DATABASE_URL= $(BIN)/pytest

test-postgres: install browser ## Run the whole test suite on the PostgreSQL named by DATABASE_URL
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must name a PostgreSQL database, e.g. postgres://user:pass@127.0.0.1:5432/tsunagari"; exit 2;; esac
	$(BIN)/pytest

test-browser: install browser ## Run only the browser tests
	DATABASE_URL= $(BIN)/pytest -m browser

test-production: install browser ## Start the production stack (nginx+TLS, gunicorn, Redis, PostgreSQL at DATABASE_URL) and walk it
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must name a PostgreSQL database the test may create databases from, e.g. postgres://user:pass@127.0.0.1:5432/tsunagari"; exit 2;; esac
	@for tool in nginx redis-server openssl; do command -v $$tool >/dev/null || test -x /usr/sbin/$$tool || { echo "$$tool is missing: apt-get install nginx redis-server openssl"; exit 2; }; done
	$(BIN)/pytest -m production -p no:cacheprovider -s tests/test_production.py

lint: install ## Lint and check formatting with ruff, the import contracts (docs/architecture.md), dead code (vulture)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python .ci/dead_code.py

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django system checks, missing migrations, and check --deploy on production settings
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=tsunagari.example.jp SITE_URL=https://tsunagari.example.jp \
	  MATCHING_ENCRYPTION_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  AUDIT_LOG_KEYS=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(32))') \
	  $(MANAGE) check --deploy --settings=cms.settings.production --fail-level WARNING

bench: install ## Benchmark the public pages under load, search speed and quality, suggestions, indicators, the HSDS API, imports and the staff's admin (SQLite)
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/search_quality.py
	$(BIN)/python benchmarks/search_speed.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/open_data.py
	$(BIN)/python benchmarks/admin.py

backup: install ## Back up the database into backups/ (SQLite online backup API, or pg_dump)
	$(MANAGE) backup --dir backups

restore: install ## Restore a backup: make restore FILE=backups/tsunagari-….sqlite3 (replaces all data)
	@test -n "$(FILE)" || { echo "使い方: make restore FILE=backups/<ファイル名>"; exit 2; }
	$(MANAGE) restore "$(FILE)"

clean: ## Remove the virtualenv, caches and the local database
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles db.sqlite3 db.sqlite3-*
