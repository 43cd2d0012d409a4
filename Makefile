# baclo: `make run` to try it, `make test` to check it. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres lint bench bench-micro bench-load venv clean messages screenshots axe

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

# Migrates the SQLite database (var/), loads the demo accounts and serves http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/baclo migrate && $(BIN)/baclo demo && $(BIN)/baclo serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# axe-core, the accessibility rules the browser journeys run on every patient page, from the npm
# registry into var/ (not committed: the version below is the whole pin).
AXE_VERSION := 4.11.0
AXE_DIR := var/axe
axe:
	@if grep -qs '"version": "$(AXE_VERSION)"' $(AXE_DIR)/node_modules/axe-core/package.json; then :; \
	elif command -v npm >/dev/null; then \
		npm install --prefix $(AXE_DIR) --no-audit --no-fund --silent axe-core@$(AXE_VERSION); \
	else echo "SKIPPED: axe-core (no npm; apt-get install npm)"; fi

test-sqlite: $(STAMP) axe
	$(BIN)/python -m pytest

# The web tests again on a real, throw-away PostgreSQL server (scripts/with-postgres.sh).
test-postgres: $(STAMP)
	@if scripts/with-postgres.sh true 2>/dev/null; then \
		scripts/with-postgres.sh $(BIN)/python -m pytest -m "not e2e" tests/web; \
	elif [ -n "$$CI$$BACLO_CI" ]; then echo "PostgreSQL server binaries missing" >&2; exit 1; \
	else echo "SKIPPED: PostgreSQL tests (no server binaries; apt-get install postgresql)"; fi

test: lint test-sqlite test-postgres

# Collects the pages' messages into the French catalog and compiles it (needs GNU gettext).
# The compiled .mo is committed, so that a fresh clone shows French without gettext.
WEB := src/baclo/web
# One catalog for the project's pages, one per app that ships its own (APP_CATALOGS): each is
# extracted from its own tree only, so no run drops another catalog's strings.
APP_CATALOGS := levels phone reports safety survey
messages: $(STAMP)
	cd $(WEB) && DJANGO_SETTINGS_MODULE=baclo.web.settings $(CURDIR)/$(BIN)/python -m django \
		makemessages -l fr --no-wrap --no-location --no-obsolete -i "static/*" \
		$(foreach app,$(APP_CATALOGS),-i "$(app)/*")
	for app in $(APP_CATALOGS); do \
		(cd $(WEB)/$$app && DJANGO_SETTINGS_MODULE=baclo.web.settings $(CURDIR)/$(BIN)/python \
			-m django makemessages -l fr --no-wrap --no-location --no-obsolete) || exit 1; \
	done
	for po in $(WEB)/locale/fr/LC_MESSAGES/django.po \
		$(APP_CATALOGS:%=$(WEB)/%/locale/fr/LC_MESSAGES/django.po); do \
		msgfmt --check -o $${po%.po}.mo $$po || exit 1; \
	done

# Replays the browser journeys and saves their screenshots under docs/screenshots/.
screenshots: $(STAMP)
	BACLO_SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest tests/e2e -p no:randomly

# The micro-benchmarks (pytest-benchmark), then the web load benchmark.
bench: bench-micro bench-load

bench-micro: $(STAMP)
	$(BIN)/python -m pytest bench --benchmark-only --benchmark-columns=min,median,mean,rounds -p no:randomly

# The web under load (bench/load/run.py --help): gunicorn (2 sync workers, production settings,
# 127.0.0.1 only) on a generated population, locust headless on each endpoint in turn against a
# bare-Django floor, on SQLite then on a throw-away PostgreSQL with fsync on. Stops by itself:
# per database, the generation (minutes at the default sizes) plus 7 x (LOAD_SECONDS + ~10 s).
# Smaller: make bench-load LOAD_SIZES="--patients 200 --days 60 --prescribers 5 --linked 50"
LOAD_SIZES ?= --patients 2000 --days 180 --prescribers 50 --linked 300
LOAD_SECONDS ?= 60
bench-load: $(STAMP)
	@if scripts/with-postgres.sh true 2>/dev/null; then db=both; \
	else echo "SKIPPED: the PostgreSQL load run (no server binaries; apt-get install postgresql)"; db=sqlite; fi; \
	$(BIN)/python bench/load/run.py --database $$db --seconds $(LOAD_SECONDS) --users 20 --workers 2 $(LOAD_SIZES)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
