# accredkit — everything a fresh machine with Python 3.11 and make needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HYPOTHESIS_PROFILE ?= ci
# The PostgreSQL tests run for real under make: a server that cannot start fails them.
export ACCREDKIT_REQUIRE_POSTGRES ?= 1
PG_INITDB = $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) \
	$(shell command -v pg_config >/dev/null 2>&1 && ls "$$(pg_config --bindir)/initdb" 2>/dev/null) \
	$(shell command -v initdb))

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: test lint typecheck imports pytest pg-server demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests benchmarks

imports: $(STAMP)
	$(BIN)/lint-imports

# PostgreSQL server binaries (initdb, pg_ctl) for the tests; installed with apt if missing.
pg-server:
ifeq ($(strip $(PG_INITDB)),)
	$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y postgresql
else
	@echo "PostgreSQL server binaries: $(dir $(PG_INITDB))"
endif

pytest: $(STAMP) pg-server
	$(BIN)/python -m pytest -p no:cacheprovider

test: lint typecheck imports pytest

demo: $(STAMP)
	$(BIN)/accredkit demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
