# kgraph: `make demo` builds the bundled examples, `make test` runs the test suite.
# Both set up the virtual environment in .venv/ first (idempotent).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test check lint browser clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the viewer tests (installed only when missing and when we may).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || \
	    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; \
	  else echo "chromium not found: browser tests will be skipped (apt-get install chromium)"; fi; }

demo: setup
	$(VENV)/bin/kgraph build examples -o out

test: setup browser
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check kgraph tests
	$(VENV)/bin/ruff format --check kgraph tests
	$(VENV)/bin/mypy kgraph

check: lint test

clean:
	rm -rf out test-artifacts .pytest_cache .mypy_cache .ruff_cache
