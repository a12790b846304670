# accredkit — everything a fresh machine with Python 3.11 and make needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SMSGATE := examples/accredkit-smsgate
export HYPOTHESIS_PROFILE ?= ci

.PHONY: test lint typecheck imports pytest demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(SMSGATE)/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]' -e $(SMSGATE)
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples typing_tests
	$(BIN)/ruff format --check src tests benchmarks examples typing_tests

typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests benchmarks typing_tests
	cd $(SMSGATE) && $(CURDIR)/$(BIN)/mypy --strict src tests

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider
	$(BIN)/python -m pytest -p no:cacheprovider $(SMSGATE)/tests

test: lint typecheck imports pytest

demo: $(STAMP)
	$(BIN)/accredkit demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
