# Kopā: `make run` serves the portal with demo data on SQLite; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install messages lint ci

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

# Compiles the translation catalogues with Babel, so no system gettext is needed.
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics

run: export DJANGO_DEBUG = 1
run: messages
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) ensure_demo_admin
	$(MANAGE) runserver 127.0.0.1:8000

# Two workers: the machine has two cores, and the browser tests wait on I/O.
PYTEST_ARGS ?= -n 2

test: messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)
