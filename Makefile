# accredkit — everything a fresh machine with Python 3.11 and make needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SMSGATE := examples/accredkit-smsgate
GOST := examples/accredkit-gost
export HYPOTHESIS_PROFILE ?= ci
# The PostgreSQL tests run for real under make: a server that cannot start fails them.
export ACCREDKIT_REQUIRE_POSTGRES ?= 1
PG_INITDB = $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) \
	$(shell command -v pg_config >/dev/null 2>&1 && ls "$$(pg_config --bindir)/initdb" 2>/dev/null) \
	$(shell command -v initdb))

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HAVE_LIBMAGIC = $(shell ldconfig -p 2>/dev/null | grep -c 'libmagic\.so\.1')
have = $(shell command -v $(1) >/dev/null 2>&1 && echo yes)
HAVE_GOST_ENGINE = $(shell openssl engine -t gost >/dev/null 2>&1 && echo 1 || echo 0)
HAVE_CHROMIUM = $(shell command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && echo 1 || echo 0)
# Debian packages the library or its tests need, each named only when it is missing:
# libmagic (document types), DejaVu (the PDF documents' Cyrillic font), poppler's
# pdfsig/pdftoppm, zbar's zbarimg and NSS's certutil (the PDF tests check with them),
# OpenSSL with its GOST engine (GOST R 34.10-2012 e-signatures, examples/accredkit-gost),
# chromium with its chromedriver (the browser tests, tests/e2e/conftest.py).
SYSTEM_PACKAGES = $(strip \
	$(if $(filter 0,$(strip $(HAVE_LIBMAGIC))),libmagic1) \
	$(if $(wildcard /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf),,fonts-dejavu-core) \
	$(if $(and $(call have,pdfsig),$(call have,pdftoppm)),,poppler-utils) \
	$(if $(call have,zbarimg),,zbar-tools) \
	$(if $(call have,certutil),,libnss3-tools) \
	$(if $(filter 1,$(HAVE_GOST_ENGINE)),,openssl libengine-gost-openssl) \
	$(if $(filter 1,$(HAVE_CHROMIUM)),,chromium chromium-driver))

.PHONY: test lint typecheck imports docs pytest pg-server system-libs demo serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# System packages (see SYSTEM_PACKAGES) are installed with apt only when missing.
system-libs:
ifneq ($(SYSTEM_PACKAGES),)
	$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $(SYSTEM_PACKAGES)
endif

$(STAMP): pyproject.toml $(SMSGATE)/pyproject.toml $(GOST)/pyproject.toml | $(BIN)/python system-libs
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]' -e $(SMSGATE) -e $(GOST)
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples typing_tests tools
	$(BIN)/ruff format --check src tests benchmarks examples typing_tests tools

typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests benchmarks typing_tests tools
	cd $(SMSGATE) && $(CURDIR)/$(BIN)/mypy --strict src tests
	cd $(GOST) && $(CURDIR)/$(BIN)/mypy --strict src tests

imports: $(STAMP)
	$(BIN)/lint-imports

# Not --quiet: it hides the very warnings --strict turns into errors.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# PostgreSQL server binaries (initdb, pg_ctl) for the tests; installed with apt if missing.
pg-server:
ifeq ($(strip $(PG_INITDB)),)
	$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y postgresql
else
	@echo "PostgreSQL server binaries: $(dir $(PG_INITDB))"
endif

# The docs test reads the site `docs` just built instead of building its own.
pytest: $(STAMP) docs pg-server
	ACCREDKIT_DOCS_SITE=$(CURDIR)/site $(BIN)/python -m pytest -p no:cacheprovider --durations=25
	$(BIN)/python -m pytest -p no:cacheprovider $(SMSGATE)/tests
	$(BIN)/python -m pytest -p no:cacheprovider $(GOST)/tests

test: lint typecheck imports docs pytest

demo: $(STAMP)
	$(BIN)/accredkit demo

# The JSON API on the development home (made on first use), the worker in-process.
HOME_DIR ?= .accredkit
serve: $(STAMP)
	@[ -f $(HOME_DIR)/accredkit.toml ] || $(BIN)/accredkit --home $(HOME_DIR) init
	$(BIN)/accredkit --home $(HOME_DIR) serve

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis site
