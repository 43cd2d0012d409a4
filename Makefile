# baclo: `make run` to try it, `make test` to check it. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres lint bench venv clean

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

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest

# The web tests again on a real, throw-away PostgreSQL server (scripts/with-postgres.sh).
test-postgres: $(STAMP)
	@if scripts/with-postgres.sh true 2>/dev/null; then \
		scripts/with-postgres.sh $(BIN)/python -m pytest -m "not e2e" tests/web; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL server binaries missing" >&2; exit 1; \
	else echo "SKIPPED: PostgreSQL tests (no server binaries; apt-get install postgresql)"; fi

test: lint test-sqlite test-postgres

bench: $(STAMP)
	$(BIN)/python -m pytest bench --benchmark-only --benchmark-columns=min,median,mean,rounds -p no:randomly

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
