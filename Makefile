# The MIEUX Regional Round-tables site.
#   make run    set everything up, load the demo tour, serve on 127.0.0.1:$(PORT)
#   make test   run the whole test suite
#   make check  lint, format check, Django checks, missing migrations

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
RUNTIME_STAMP := $(VENV)/.runtime-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
ASSETS := static/build/.built

.DEFAULT_GOAL := help
.PHONY: help run setup setup-runtime test check lint format messages migrate demo chromium pango serve services backup restore bench clean

help:
	@echo "make run    set up, load the demo tour and serve on http://127.0.0.1:$(PORT)/"
	@echo "make test   run the whole test suite"
	@echo "make check  ruff, Django's checks and makemigrations --check"
	@echo "make serve  the production setup (gunicorn, PostgreSQL, Redis) on http://127.0.0.1:$(PORT)/"
	@echo "make backup / make restore FILE=... [YES=1]   back up or restore the database"
	@echo "make bench  measure the pages' speed (see bench/README.md)"

# The virtual environment, rebuilt when a requirements file changes: with the tests' and lint's
# packages for development (requirements-dev.txt, which includes requirements.txt)...
$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* $(VENV)/.runtime-*
	@touch $@ $(RUNTIME_STAMP)

# ...or with the runtime packages only, for the backups.
$(RUNTIME_STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.runtime-*
	@touch $@

# Front-end packages (Bootstrap, Sass, the map data, axe-core) and the assets built from them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The CSS keeps only the rules that the templates, scripts and Python (the project's and its
# form libraries', read from the virtual environment) use: it is rebuilt when any of them changes.
ASSET_SOURCES := $(wildcard assets/*.mjs assets/scss/*.scss) $(shell find templates static/js -type f) \
	$(wildcard */*.py */*/*.py)
$(ASSETS): node_modules/.installed $(STAMP) $(ASSET_SOURCES)
	npm run --silent build
	@touch $@

setup: $(STAMP) $(ASSETS) pango
	@mkdir -p var

# What the backups need: the runtime packages, no front end.
setup-runtime: $(RUNTIME_STAMP)
	@mkdir -p var

migrate: setup
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo_data
	$(PY) manage.py ensure_superuser

run: demo
	@# The worker sends the e-mail (printed here) beside the development server.
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Debian's Chromium; install it where we can, else they are skipped.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is not installed: the browser tests will be skipped."; fi; }

# WeasyPrint lays out the good-practices compendium (PDF) with Pango, in the DejaVu fonts;
# install them where we can, else say what is missing.
PANGO_LIBRARIES := libpango-1.0.so.0 libpangoft2-1.0.so.0
FONT := /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
pango:
	@libraries="$$( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null)"; \
	  missing=""; for library in $(PANGO_LIBRARIES); do \
	    echo "$$libraries" | grep -q "$$library" || missing="$$missing $$library"; done; \
	  test -e $(FONT) || missing="$$missing DejaVu fonts"; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "Installing Pango and the DejaVu fonts for the compendium..."; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	    else echo "Missing for the compendium (PDF):$$missing. Install libpango-1.0-0," \
	      "libpangoft2-1.0-0 and fonts-dejavu-core."; fi; fi

# Two workers by default (the machine's cores); a file's tests stay on one worker. The browser
# tests commit to the database (a live server) and empty it after each test: they run in a
# session of their own, after the others.
TEST_WORKERS ?= 2
test: setup chromium
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser"
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m browser

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Gather the strings marked for translation into the French and Spanish catalogues, then compile
# them once translated.
messages: setup
	$(PY) manage.py makemessages -l fr -l es --no-obsolete -i ".venv/*" -i "node_modules/*" -i "bench/*" -i "tests/*"
	$(PY) manage.py compilemessages -i .venv -i node_modules

check: lint
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# --- The production setup, locally ----------------------------------------------------------
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mieux
SERVE_CACHE_URL ?= redis://127.0.0.1:6379/1
SERVE_ENV = DJANGO_ENV=production DJANGO_HTTPS=0 DJANGO_PROXY_COUNT=0 \
	DJANGO_SECRET_KEY="$$(cat var/secret-key)" DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost \
	DATABASE_URL=$(SERVE_DATABASE_URL) CACHE_URL=$(SERVE_CACHE_URL) PORT=$(PORT) \
	SITE_URL=http://127.0.0.1:$(PORT)

services:
	@scripts/start-services.sh

var/secret-key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	@chmod 600 $@

serve: setup services var/secret-key
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'mieux'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres mieux
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	$(SERVE_ENV) $(PY) manage.py load_demo_data
	$(SERVE_ENV) $(PY) manage.py ensure_superuser
	@# The worker that sends the e-mail runs beside gunicorn, and stops with it.
	$(SERVE_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(SERVE_ENV) $(VENV)/bin/gunicorn -c gunicorn.conf.py

# --- Backups (of the database DATABASE_URL names; SQLite by default) --------------------------
# Readable by their owner only. `make restore FILE=... YES=1` restores without asking, as from
# cron; without YES=1 the command asks, and refuses when there is no terminal to ask on.
backup: setup-runtime
	$(PY) manage.py backup

restore: setup-runtime
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/mieux-....dump [YES=1]"; exit 2; }
	$(PY) manage.py restore "$(FILE)"$(if $(filter 1,$(YES)), --no-input)

bench: setup services var/secret-key
	$(PY) bench/run.py
	$(PY) bench/instructions.py

clean:
	rm -rf $(VENV) node_modules static/build staticfiles var .pytest_cache .ruff_cache test-artifacts
