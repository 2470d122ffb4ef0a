# Kopā: `make run` serves the portal with demo data on SQLite; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install messages lint ci vnu

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $@

# Compiles the translation catalogues with Babel, so no system gettext is needed.
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics

# This checkout's development settings, read by manage.py only (never by a deployed portal),
# so every manage.py command works here: DEBUG on and a key of its own.
.env:
	$(PYTHON) -c 'import secrets; print("# Written by make run: development settings of this checkout, read by manage.py only.\nDJANGO_DEBUG=1\nDJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))' > $@

run: export DJANGO_DEBUG = 1
run: messages .env
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) ensure_demo_admin
	$(MANAGE) runserver 127.0.0.1:8000

# The Nu HTML Checker that tests/test_html_validity.py runs over every page: a Java program
# from npm (needs java and npm). `make test` installs it; a bare pytest without it skips that
# test, except under CI=true, where it fails.
VNU_VERSION := 26.9.27
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

vnu: $(VNU_JAR)

$(VNU_JAR):
	npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --prefix . vnu-jar@$(VNU_VERSION)

# Two workers: the machine has two cores, and the browser tests wait on I/O.
PYTEST_ARGS ?= -n 2

test: messages vnu
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)
