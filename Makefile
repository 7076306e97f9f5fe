# careprog: two commands on a fresh machine (python3, node/npm and make are all it needs).
#   make run   set up everything and serve the app at http://127.0.0.1:$(PORT)
#   make test  set up everything and run every check
# With DATABASE_URL and REDIS_URL set, the same targets use Postgres and a real Redis.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
export UV_PYTHON_DOWNLOADS ?= never
export UV_PYTHON ?= python3
export UV_PROJECT_ENVIRONMENT ?= .venv
# uv is installed for this user when it is missing; `python3 -m uv` works either way.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
MANAGE := $(UV) run --frozen python manage.py

.PHONY: help setup uv python-deps assets db demo run test lint format check-migrations \
        pytest worker beat bench clean

help:
	@echo "make run    - set up and serve the app at http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run lint, migration check and the whole test suite"
	@echo "make worker - a Celery worker against REDIS_URL"
	@echo "make beat   - Celery beat against REDIS_URL"
	@echo "make bench  - benchmarks on Postgres (DATABASE_URL; BENCH_ITEMS=10000, 100000 or 1000000)"

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet --user uv || \
		python3 -m pip install --quiet --user --break-system-packages uv

python-deps: uv
	$(UV) sync --frozen

# Rebuild only when the lock file or our front-end sources change.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

static/dist/careprog.css: node_modules/.package-lock.json frontend/build.mjs $(wildcard frontend/*.scss frontend/*.js)
	npm run --silent build

assets: static/dist/careprog.css

setup: python-deps assets

db: setup
	@mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) load_reference_data

demo: db
	$(MANAGE) load_demo_data

run: demo
	@echo "Serving careprog at http://127.0.0.1:$(PORT) (background tasks run in-process unless REDIS_URL is set)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: python-deps
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format: python-deps
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

check-migrations: python-deps
	DJANGO_SETTINGS_MODULE=careprog.settings.test $(MANAGE) makemigrations --check --dry-run

# One test process per core (pytest-xdist): each has its own test database and upload folder.
# loadgroup: a module marked xdist_group runs on one worker, so records it makes once for the
# module (the permissions matrix, the hostile text) are not made again each time the worker
# switches modules; every other test is shared out as before.
PYTEST_WORKERS ?= auto

pytest: setup
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test: setup lint check-migrations pytest

worker: setup
	$(UV) run --frozen celery -A careprog worker --loglevel=info --pool=solo --without-gossip --without-mingle

beat: setup
	@mkdir -p var
	$(UV) run --frozen celery -A careprog beat --loglevel=info --schedule=var/celerybeat-schedule

# From an empty Postgres database (<DATABASE_URL's name>_bench, made afresh) through seed_volume:
# every page's time and queries, load, exports and the board pack (docs/performance.md).
BENCH_ITEMS ?= 10000
bench: setup
	@test -n "$$DATABASE_URL" || { echo "make bench needs DATABASE_URL (Postgres)"; exit 2; }
	$(UV) run --frozen python -m benchmarks.run --items $(BENCH_ITEMS)

clean:
	rm -rf .venv node_modules static/dist var/staticfiles
