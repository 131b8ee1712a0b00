# Every target sets itself up: a fresh clone needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
TRAIN_STAMP := $(VENV)/.installed-train
DEMO_LIST ?= молоко 3.2%, хлеб, яйца дорогие, чипсы lays

.PHONY: demo test test-train run lint bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is needed (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

$(TRAIN_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dev,train]'
	touch $@

demo: $(STAMP)
	$(BIN)/deshevle ask "$(DEMO_LIST)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-train: $(TRAIN_STAMP)
	$(BIN)/python -m pytest -q -m train

run: $(STAMP)
	$(BIN)/deshevle bot

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) data build *.egg-info
