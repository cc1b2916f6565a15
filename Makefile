# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
LOCALES := locales

.PHONY: run test lint i18n compile-catalogs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

compile-catalogs: $(STAMP)
	$(BIN)/python -m bot.i18n_tools compile

run: $(STAMP) compile-catalogs
	$(BIN)/python -m bot

test: $(DEV_STAMP) compile-catalogs
	$(BIN)/python -m pytest -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

# Extract messages from the code, merge them into every catalog, compile.
i18n: $(STAMP)
	$(BIN)/python -m bot.i18n_tools extract
	$(BIN)/python -m bot.i18n_tools update
	$(BIN)/python -m bot.i18n_tools compile

# Benchmarks are not part of the test run: `make bench` runs them all (slow: it seeds
# 100,000 parents), `make bench BENCH=broadcast` one of database|planners|broadcast|mixed.
BENCH ?= database planners broadcast mixed
bench: $(DEV_STAMP) compile-catalogs
	for name in $(BENCH); do $(BIN)/python -m bench $$name || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
