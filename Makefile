# Brinkwatch task index. Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make demo   - create .venv, install Brinkwatch with pinned dependencies, code the bundled sample corpus
#   make test   - create .venv with the dev extras, run ruff and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
PIN := -c constraints.txt

.PHONY: demo test lint eval bench clean install install-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install --quiet --disable-pip-version-check $(PIN) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install --quiet --disable-pip-version-check $(PIN) -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	$(BIN)/brinkwatch code samples --format table

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

eval: $(VENV)/.installed
	$(BIN)/brinkwatch eval --gold ../shared/eval/plover-gsr/PLOVER_GSR_CAMEO.json --format plover

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_pipeline.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
