# Everyday commands. Needs only Python 3.11+ with venv and pip; everything else goes into .venv.
#   make run    the site on http://127.0.0.1:8000 with the demo county (SQLite)
#   make test   the whole pytest suite (DATABASE_URL=postgres://... for PostgreSQL)
#   make lint   ruff check + ruff format --check
#   make check  Django's system checks and "no missing migrations"
# Extra pytest arguments: make test PYTEST_ARGS="-k finder -x"

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
HOST_PORT ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help venv run test lint check messages

help:
	@echo "make venv | run | test | lint | check   (see the top of the Makefile)"

# The virtualenv is created once; the dependencies are installed again only when
# pyproject.toml changes (the stamp file is older than it) or the stamp is missing.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install --group dev
	touch $@

venv: $(STAMP)

# The compiled .mo files are committed, so a machine without gettext's msgfmt uses those.
messages: venv
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules; \
	else \
		echo "msgfmt not found: using the committed .mo files"; \
	fi

run: venv messages
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST_PORT)

test: venv
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: venv
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
