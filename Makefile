# The verbs: `make run` (set up, build the store, serve), `make test` (set up, run every test),
# `make lint`, `make validate`, `make docs`. Each installs what it needs first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PARLEY := $(VENV)/bin/parley
PYTHON ?= python3

.PHONY: setup system run test lint validate docs load clean

setup: $(VENV)/.installed .stamp-vendor

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,docs,reasoning]'
	touch $@

system:
	scripts/setup-system

# The browser libraries come from npm at setup, into the app's own static files (gitignored).
.stamp-vendor: package-lock.json scripts/vendor-js
	scripts/setup-system
	scripts/vendor-js
	touch $@

load: setup
	$(PARLEY) load

run: setup
	$(PARLEY) serve

test: setup system
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/pytest

lint: setup
	$(VENV)/bin/ruff check src tests bench

validate: setup
	$(PARLEY) validate

docs: setup
	$(PARLEY) docs

clean:
	rm -rf var build dist node_modules src/parley/web/static/vendor
