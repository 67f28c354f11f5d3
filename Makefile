# Two commands for a newcomer: `make run` and `make test`.
UV := UV_PYTHON_DOWNLOADS=never python3 -m uv
PORT ?= 5000
FLASK := $(UV) run --locked flask --app tracker

.PHONY: run install test lint format bench bench-load seed-portfolio translations

run: install  ## Install, migrate, seed and serve on http://127.0.0.1:$(PORT)
	$(FLASK) db upgrade
	$(FLASK) seed
	$(FLASK) demo-accounts
	@echo "Serving the tracker on http://127.0.0.1:$(PORT)  (Ctrl+C stops it)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

install:  ## Create .venv with the locked dependencies (uv is installed if missing)
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv 2>/dev/null \
		|| python3 -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --locked

test: install  ## The whole suite, on SQLite and on a throwaway PostgreSQL server; then again ten years ahead
	$(UV) run --locked pytest
	@echo "The same suite on SQLite with the clock ten years ahead: no test may depend on today's date"
	$(UV) run --locked pytest -q -k "not postgresql" --years-ahead=10

lint: install
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .

format: install
	$(UV) run --locked ruff format .
	$(UV) run --locked ruff check --fix .

bench: install  ## Benchmarks at 235 and 100,000 projects, then the load test (not part of `make test`)
	$(UV) run --locked python -m tests.benchmarks.run

LOAD_SECONDS ?= 60
bench-load: install  ## Only the load test: 8 and 32 clients for LOAD_SECONDS each against gunicorn
	$(UV) run --locked python -m tests.benchmarks.load --load-seconds $(LOAD_SECONDS)

seed-portfolio: install  ## Regenerate the illustrative seed portfolio CSVs
	$(UV) run --locked python seed_data/generate_portfolio.py

TRANSLATIONS := tracker/translations
translations: install  ## Extract interface texts, merge them into the kk and ru catalogues, compile
	$(UV) run --locked pybabel extract -F $(TRANSLATIONS)/babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 \
		--no-location --sort-output -o $(TRANSLATIONS)/messages.pot .
	$(UV) run --locked pybabel update --no-fuzzy-matching --ignore-obsolete -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)
	$(UV) run --locked pybabel compile --statistics -d $(TRANSLATIONS)
