# Two commands matter: `make run` and `make test`. Everything they need is installed from here,
# so a clean clone on a fresh machine works with nothing done by hand.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages WeasyPrint needs: Pango for layout, HarfBuzz subsetting for small, fast PDFs,
# and fonts covering Latin, Greek and Cyrillic so every name renders.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
	fonts-dejavu-core fonts-dejavu-extra fontconfig poppler-utils
# The suite runs a second time on a throwaway PostgreSQL cluster (tests/postgres.sh); the browser
# tests drive Debian's Chromium through Playwright (its own browser download needs the internet).
DEB_PACKAGES += postgresql chromium
# gettext: msgfmt compiles the translation catalogues; xgettext extracts strings (make messages).
DEB_PACKAGES += gettext
# npm installs Bootstrap; take Debian's Node only where the machine has none.
NODE_PACKAGES := $(if $(shell command -v npm),,nodejs npm)
# `make run` is for trying the app locally: debug mode, so no secret key is needed.
DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}
# Types (settings in pyproject.toml [tool.mypy]); the django-stubs plugin imports the settings.
MYPY := DJANGO_SECRET_KEY=mypy-only $(BIN)/mypy
# Coverage of the SQLite pass (the PostgreSQL pass runs without it, to keep CI time down).
COVERAGE_ARGS := --cov --cov-report=term-missing:skip-covered
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check load bench install system-deps python-deps assets static translations messages db lock format clean

run: install db
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DJANGO_SECRET_KEY=check-only $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(MYPY)
	@echo "== Test suite on SQLite, with coverage (floors: pyproject.toml, tests/coverage_floor.py) =="
	env -u DATABASE_URL $(BIN)/pytest $(COVERAGE_ARGS) $(PYTEST_ARGS)
# Branches alone have a floor too: fail_under counts lines and branches together.
	@$(BIN)/python tests/coverage_floor.py $(or $(BRANCH_FLOOR),90)
	@echo "== Test suite on PostgreSQL =="
	tests/postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

# The quick loop while working: lint, types, and the suite on SQLite without the browser tests;
# stops at the first failure. `make test` is still what has to pass.
check: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(MYPY)
	env -u DATABASE_URL $(BIN)/pytest -q -x --ignore=tests/browser $(PYTEST_ARGS)

# Simulated visitors against gunicorn and a throwaway PostgreSQL; prints req/s, latency, errors.
load: install
	tests/postgres.sh bench/load.sh

# Speed as ratios against yardsticks taken in the same run (bench/run.py), against gunicorn and
# a throwaway PostgreSQL; prints one table, in about three minutes.
bench: install
	tests/postgres.sh $(BIN)/python -m bench.run

install: system-deps python-deps assets static translations

system-deps: .make/system-deps
.make/system-deps: Makefile
	@missing="$(NODE_PACKAGES)"; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p .make && touch $@

python-deps: .make/python-deps
.make/python-deps: requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@mkdir -p .make && touch $@

assets: .make/assets
.make/assets: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p .make && touch $@

# Collected once for the manifest storage that tests and production use (DEBUG off).
static: .make/static
.make/static: .make/python-deps .make/assets $(shell find static -type f 2>/dev/null)
	DJANGO_SECRET_KEY=collectstatic-only $(BIN)/python manage.py collectstatic --noinput -v0
	@mkdir -p .make && touch $@

# Two catalogues per language, compiled at install (the .mo files are build output, not committed):
# the letters' strings in privacyreq/letters/locale/<language>/LC_MESSAGES/django.po, the
# interface's in locale/<language>/LC_MESSAGES/django.po (compilemessages finds both).
LANGUAGE_CODES := de fr es it nl pl
MESSAGE_IGNORES := --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests \
	--ignore=bench --ignore=docs
translations: .make/translations
.make/translations: .make/system-deps .make/python-deps $(wildcard locale/*/LC_MESSAGES/*.po) \
	$(wildcard privacyreq/letters/locale/*/LC_MESSAGES/*.po)
	DJANGO_SECRET_KEY=compilemessages-only $(BIN)/python manage.py compilemessages -v0 $(MESSAGE_IGNORES)
	@mkdir -p .make && touch $@

# After changing or adding text: extract it into every catalogue, then translate the new entries
# in both. makemessages sends strings by folder, not by the letters/interface rule, so both
# catalogues are joined before it (msgmerge then finds every translation) and split after it
# (catalogues_split: each entry to its catalogue, the code's strings only).
messages: install
	DJANGO_SECRET_KEY=makemessages-only $(BIN)/python manage.py catalogues_split --join -v0 \
		$(addprefix -l ,$(LANGUAGE_CODES))
	DJANGO_SECRET_KEY=makemessages-only $(BIN)/python manage.py makemessages --add-location=file \
		$(addprefix -l ,$(LANGUAGE_CODES)) $(MESSAGE_IGNORES)
	DJANGO_SECRET_KEY=makemessages-only $(BIN)/python manage.py catalogues_split \
		$(addprefix -l ,$(LANGUAGE_CODES))

db: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py createcachetable
	$(DEV_ENV) $(BIN)/python manage.py load_reference_data

# Regenerate the lock file after changing pyproject.toml.
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules .make staticfiles
