# Everyday commands. `make check` before a commit; `make test` is what CI runs.
.PHONY: help install run serve build check static fast test page browser load bench lock format

help:
	@echo "make install   pip packages from the lock files (runtime + dev)"
	@echo "make run       start the dashboard (it builds the database on first start)"
	@echo "make serve     serve it on PORT (default 8501) from one process per core behind nginx"
	@echo "make build     rebuild data/sdg.duckdb from data/seed/"
	@echo "make check     lint, format, types, import contracts, fast tests (under 2 min)"
	@echo "make static    the same without the tests"
	@echo "make fast      the fast tests only (unit, not slow)"
	@echo "make page      the AppTest page tests"
	@echo "make browser   the Playwright browser tests"
	@echo "make load      the load tests (serve.sh under 20 and 50 simulated sessions)"
	@echo "make test      everything, as CI runs it (installs what is missing)"
	@echo "make format    apply ruff's formatting and safe fixes"
	@echo "make bench     the benchmarks (results in bench/README.md)"
	@echo "make lock      re-pin requirements*.lock from requirements*.txt"

install:
	python3 -m pip install -r requirements-dev.lock

run:
	python3 -m streamlit run app.py

PORT ?= 8501
serve:
	bash scripts/serve.sh $(PORT)

build:
	python3 -m lib.build

check:
	bash scripts/check.sh

static:
	bash scripts/check.sh static

fast:
	python3 -m pytest -q -m "unit and not slow" -n 2

page:
	python3 -m pytest -q -m page -n 2

browser:
	python3 -m pytest -q -m browser

load:
	python3 -m pytest -q -m load

test:
	bash scripts/test.sh

format:
	python3 -m ruff format .
	python3 -m ruff check --fix .

bench:
	python3 bench/run.py

lock:
	pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o requirements.lock requirements.txt
	pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url -o requirements-dev.lock requirements-dev.txt
