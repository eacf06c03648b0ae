# One obvious way to check everything: `make check` (ruff, mypy, import contracts, tests).
PY ?= python
.PHONY: check lint format typecheck contracts test bench

check: lint typecheck contracts test

lint:
	$(PY) -m ruff check tracker tests bench migrations
	$(PY) -m ruff format --check tracker tests bench migrations

format:
	$(PY) -m ruff format tracker tests bench migrations
	$(PY) -m ruff check --fix tracker tests bench migrations

typecheck:
	$(PY) -m mypy

contracts:
	lint-imports

test:
	$(PY) -m pytest -n auto

bench:
	$(PY) bench/run_all.py
