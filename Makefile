# Atelier — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PORT ?= 8000
HOST ?= 127.0.0.1
UV := python3 -m uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py

.PHONY: demo test test-postgres lint format env frontend migrate serve worker beat bench clean

env: .venv/.synced node_modules/.installed

.venv/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend: node_modules/.installed

migrate: env
	$(MANAGE) migrate --noinput

## demo: environment from the lock files, embedded SQLite, demo data, server on $(HOST):$(PORT)
demo: migrate
	$(MANAGE) load_demo
	$(MANAGE) demo_accounts
	@echo "Serving Atelier on http://$(HOST):$(PORT)/  (back office: /backoffice/, API docs: /api/v1/docs)"
	$(PY) -m uvicorn atelier.config.asgi:application --app-dir src --host $(HOST) --port $(PORT)

## test: the whole suite on SQLite (set DATABASE_URL to run it on PostgreSQL)
test: env
	$(PY) -m pytest -n auto -q $(PYTEST_ARGS)

test-postgres: env
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/atelier} $(PY) -m pytest -n auto -q $(PYTEST_ARGS)

lint: env
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run

format: env
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

serve: migrate
	$(PY) -m uvicorn atelier.config.asgi:application --app-dir src --host $(HOST) --port $(PORT)

worker: env
	.venv/bin/celery -A atelier.config worker --loglevel=info

beat: env
	.venv/bin/celery -A atelier.config beat --loglevel=info

bench: env
	$(PY) bench/run.py

clean:
	rm -rf .venv node_modules var staticfiles
