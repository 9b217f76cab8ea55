# portalqa: `make assess` runs a full assessment of the embedded reference portals;
# `make test` runs the test suite. Both install what they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.portalqa-installed
NPM_STAMP := node_modules/.portalqa-installed

.PHONY: setup assess test lint format browser clean bench detection-matrix flake grid

setup: browser $(PY_STAMP) $(NPM_STAMP)

browser:
	@scripts/install-browser.sh

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assess: setup
	$(PY) -m portalqa assess --workers auto

# The suite on two pytest-xdist workers, a module per unit of work and the large assessments in one
# lane (tests/conftest.py says why); then the tests of wall-clock objectives (marker `timed`) alone,
# on a machine nothing else is loading.
PARALLEL_PART := -n 2 --dist loadscope --no-loadscope-reorder -m "not timed" tests
TIMED_PART := -m timed tests

test: setup
	$(PY) -m pytest -c tests/pytest.ini $(PARALLEL_PART)
	$(PY) -m pytest -c tests/pytest.ini $(TIMED_PART)

# Load-generator benchmark (not part of `make test`): figures for docs/benchmarks.md. wrk from apt.
bench: $(PY_STAMP)
	@command -v wrk >/dev/null || echo "wrk not installed: apt-get install -y wrk (the wrk comparison is skipped)"
	$(PY) scripts/load_benchmark.py

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(PY_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf reports/allure-results reports/allure-report reports/assessment reports/load

# Detection matrix (docs/detection-matrix.md): the self-tests' faults, defect switches and clean rows.
# WORKERS=2 runs them on two pytest-xdist workers. Exits non-zero when a row is a miss.
WORKERS ?= 1
detection-matrix: setup
	$(PY) scripts/detection_matrix.py --workers $(WORKERS)

# Flake check: the suite N times as make test runs it (make flake N=10), or a selection:
# make flake N=3 ARGS="tests/scoring". RESUME=1 goes on with an interrupted series.
# Failing test ids per run and a summary in reports/flakes/ (docs/flakes.md).
N ?= 10
flake: setup
	$(PY) scripts/flake_check.py --runs $(N) $(if $(RESUME),--resume) \
		$(if $(ARGS),$(ARGS),--part '$(PARALLEL_PART)' --part '$(TIMED_PART)')

# A Selenium Grid 4 standalone on 127.0.0.1:4444 (the npm jar, this machine's Chromium), until Ctrl-C:
# try `portalqa assess --grid http://127.0.0.1:4444` against it. SESSIONS browser slots (default 4).
SESSIONS ?= 4
grid: setup
	$(PY) -m portalqa.browser.grid_server --port 4444 --sessions $(SESSIONS)
