# `make run` and `make test` set everything up on a fresh machine: each makes
# .venv when missing and re-installs only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DIR ?=
# A folder holding the generated 100k (and 1m) dossiers: generated into it when missing.
BENCH_DATA ?= benchmarks/data

.PHONY: run test test-load lint typecheck pytest screenshots man bench bench-million clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "parley needs Python 3.11 or newer: set PYTHON=python3.11 (or newer)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/parley $(DIR)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/pytest -q -n 2

# The suite with both cores kept busy, as on a shared CI machine: a test that depends on
# timing fails here. The busy loops stop when the suite ends, however it ends.
test-load: $(VENV)/.installed-dev
	@sh -c 'pids=""; for n in 1 2; do sh -c "while :; do :; done" & pids="$$pids $$!"; done; \
		trap "kill $$pids 2>/dev/null" EXIT INT TERM; \
		$(MAKE) --no-print-directory test'

# The man page, from the parser (a test fails when the committed one is out of date).
man: $(VENV)/.installed-dev
	$(BIN)/python -c 'import sys; from parley.cli import MAN_PAGE, man_page; MAN_PAGE.write_text(man_page(), "utf-8")'

screenshots: $(VENV)/.installed-dev
	$(BIN)/python screenshots/make_screenshots.py

# Every target of the scale issue, measured on $(BENCH_DATA)/100k, written into
# BENCHMARKS.md's generated section (it runs bench_soak.py too, for 200 reloads: 1,000
# would take four minutes of the ten); then the older benchmarks, on the same folder.
bench: $(VENV)/.installed-dev
	BENCH_DATA=$(BENCH_DATA) $(BIN)/python benchmarks/bench_all.py
	$(BIN)/python benchmarks/bench_load.py --dir $(BENCH_DATA)/100k --repeat 1
	$(BIN)/python benchmarks/bench_keys.py --dir $(BENCH_DATA)/100k
	$(BIN)/python benchmarks/bench_locate.py
	$(BIN)/python benchmarks/bench_filters.py
	$(BIN)/python benchmarks/bench_suggest.py

# Once, by hand: a million claims (generated into $(BENCH_DATA)/1m when missing), the rows
# to paste into BENCHMARKS.md's kept section.
bench-million: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/bench_million.py --data $(BENCH_DATA)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
