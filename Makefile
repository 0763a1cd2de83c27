# Brinkwatch task index. Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make demo   - create .venv, install Brinkwatch with pinned dependencies, code the bundled sample corpus, ingest
#                 it into the event store out/demo.duckdb, summarise it, then serve the dashboard on 127.0.0.1
#   make test   - create .venv with the dev extras (and Debian's chromium when root), run ruff and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
PIN := -c constraints.txt
DEMO_PORT ?= 8000

.PHONY: demo test browser lint eval bench bench-ingest bench-query clean install install-dev

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
	@mkdir -p out
	$(BIN)/brinkwatch ingest samples --db out/demo.duckdb
	$(BIN)/brinkwatch stats --db out/demo.duckdb --top 8
	$(BIN)/brinkwatch events --db out/demo.duckdb --root 18,19,20 --limit 4 --evidence --format table
	@echo "Serving the dashboard over out/demo.duckdb (Ctrl-C stops it):"
	$(BIN)/brinkwatch serve --db out/demo.duckdb --host 127.0.0.1 --port $(DEMO_PORT)

test: $(VENV)/.installed-dev browser
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The dashboard tests (tests/test_web.py) drive Debian's chromium with Playwright. Installed here when missing and
# running as root (as .ci/run does); otherwise those tests are skipped with the reason.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests (apt-get)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
		echo "warning: could not install chromium: the browser tests will be skipped"; \
	else \
		echo "note: /usr/bin/chromium is absent: the browser tests will be skipped (sudo apt-get install chromium)"; \
	fi

eval: $(VENV)/.installed
	$(BIN)/brinkwatch eval --gold ../shared/eval/plover-gsr/PLOVER_GSR_CAMEO.json --format plover

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_pipeline.py

out/corpus.jsonl: bench/make_corpus.py | $(VENV)/.installed-dev
	$(BIN)/python bench/make_corpus.py out/corpus.jsonl --articles 10000

bench-ingest: out/corpus.jsonl
	$(BIN)/python bench/bench_ingest.py out/corpus.jsonl --articles 1000 --n-process 2

bench-query: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_query.py --events 10000000

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
