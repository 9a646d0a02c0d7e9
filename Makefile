# Lotline's developer tasks. On a fresh clone: `make run` serves the demo business, `make test` runs
# the whole suite on SQLite and PostgreSQL.

# The project's Python: 3.11, as python3.11 when installed, else the system's python3.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Records the last install: the virtualenv is reinstalled only when the dependencies change.
STAMP := $(VENV)/.installed
# Extra arguments for pytest, e.g. make test ARGS="-k trace -x"
ARGS ?=

.PHONY: help run test lint lock docs bench bench-full
.DEFAULT_GOAL := help

# What each target does.
help:
	@echo "make run    serve the demo business at http://127.0.0.1:8000 (SQLite in var/)"
	@echo "make test   the whole suite on SQLite, then the database tests on PostgreSQL (ARGS=... for pytest)"
	@echo "make docs   regenerate docs/cli.md, docs/openapi.json and docs/errors.md"
	@echo "make lint   ruff, mypy, and a check that every model change has its migration"
	@echo "make lock   re-pin constraints.txt from a fresh virtualenv"
	@echo "make bench  the benchmark at 100k batches, SQLite and PostgreSQL (docs/benchmarks.md; BENCH_ARGS=...)"
	@echo "make bench-full  the benchmark at 1k, 100k and 1M batches (about 20 minutes)"

# The virtualenv with Lotline and its pinned dependencies (constraints.txt), editable. Lotline's own
# modules are compiled as pip compiles an installed package's: where PYTHONDONTWRITEBYTECODE is set,
# every `lotline` command would otherwise compile them again (a fifth of a lookup's start-up).
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	$(BIN)/python -m compileall -q src
	touch $@

# Serve Lotline at http://127.0.0.1:8000 on the SQLite database in var/, with the demo business
# loaded the first time; gunicorn, as in production, with src/lotline/gunicorn_conf.py (Ctrl-C stops it).
run: $(STAMP)
	$(BIN)/lotline migrate --noinput
	$(BIN)/lotline demo --if-empty
	$(BIN)/lotline collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn -c python:lotline.gunicorn_conf lotline.wsgi

# Every test on SQLite, then every test that touches the database again on a throwaway
# PostgreSQL server (see conftest.py). The tests pick their own databases, whatever DATABASE_URL says.
test: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest --db=sqlite $(ARGS)
	env -u DATABASE_URL $(BIN)/pytest --db=postgres $(ARGS)

# Style and bug checks, types (mypy on src/lotline, pyproject's [tool.mypy]), and no model change
# without its migration.
lint: $(STAMP)
	$(BIN)/ruff check src tests conftest.py bench
	$(BIN)/mypy
	$(BIN)/lotline makemigrations --check --dry-run

# Re-pin constraints.txt to the newest versions pyproject.toml allows, from a fresh virtualenv.
lock:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'; \
	{ echo "# Pinned versions for a reproducible install: pip install -c constraints.txt -e '.[dev]' (and '.[bench]' for the benchmark's plot)"; \
	  echo "# Refresh with: make lock"; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^-e '; } > "$$tmp/constraints.txt"; \
	mv "$$tmp/constraints.txt" constraints.txt
	@echo "constraints.txt updated: review with git diff constraints.txt"

# Regenerate docs/cli.md from each command's --help, docs/openapi.json from the API and
# docs/errors.md from the ErrorCode enum (tests fail when one is stale).
docs: $(STAMP)
	$(BIN)/python -m lotline.clidoc > docs/cli.md
	$(BIN)/python -m lotline.api.openapi > docs/openapi.json
	$(BIN)/python -m lotline.errordoc > docs/errors.md

# The benchmark of issue 3 (bench/): datasets generated once into bench/.cache/, imported and traced
# by Lotline on SQLite and on a throwaway PostgreSQL server, every answer checked, measured against
# two references; figures to bench/results/ and docs/benchmarks.md. Any wrong answer fails it.
# Extra arguments, e.g. make bench BENCH_ARGS="--databases sqlite --repeat 3"
BENCH_ARGS ?=
BENCH_STAMP := $(VENV)/.installed-bench

# The plot needs matplotlib: the bench extra, on top of the usual install.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
	touch $@

# The 100k-batch tier, SQLite and PostgreSQL: about 2.5 minutes here (the issue allows 5).
bench: $(BENCH_STAMP)
	env -u DATABASE_URL $(BIN)/python -m bench --tiers 100k --command "make bench" $(BENCH_ARGS)

# The 1k, 100k and 1M tiers.
bench-full: $(BENCH_STAMP)
	env -u DATABASE_URL $(BIN)/python -m bench --tiers 1k,100k,1m --command "make bench-full" $(BENCH_ARGS)
