# The incident map. `make run` and `make test` do all set-up on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
SAMPLES ?= incidents/fixtures/articles
DEMO ?= 300

.PHONY: run serve setup test test-postgres fuzz eval lint format bench bench-dashboard bench-review bench-analysis bench-load bench-scale bench-intake clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

# Demo data goes only into a fresh database (before the samples arrive), never over incidents; DEMO=0: none.
setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_gazetteer
	$(PY) manage.py demo --incidents $(DEMO) --if-empty
	$(PY) manage.py ingest $(SAMPLES)
	$(PY) manage.py ensure_admin

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: setup  # production server: gunicorn (config/gunicorn.conf.py) with whitenoise for static files
	@echo "Serving with gunicorn on http://$(HOST):$(PORT)/"
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn -c config/gunicorn.conf.py

test: $(VENV)/.installed
	$(PY) -m pytest

test-postgres: $(VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) -m pytest

fuzz: $(VENV)/.installed  # 10,000 generated query strings over every API endpoint and export
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1250} $(PY) -m pytest tests/test_api_fuzz.py -p no:logging -s

eval: $(VENV)/.installed  # the geoparser on the evaluation set (eval/README.md): dev, then the held-out test split
	@mkdir -p var
	@for split in dev test; do \
	  $(PY) manage.py extract eval/reports/$$split --format jsonl --gazetteer files > var/eval-$$split.jsonl || exit 1; \
	  echo "== $$split"; $(PY) eval/score.py var/eval-$$split.jsonl $(if $(MISSES),--misses) || exit 1; \
	done

lint: $(VENV)/.installed  # ruff, Django's system checks, and no model change without its migration
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed
	$(PY) bench/bench_republication.py
	$(PY) bench/bench_extraction.py
	$(PY) bench/bench_ingest.py

bench-dashboard: $(VENV)/.installed  # 100 k incidents: API, timeline, Chromium, folium (several minutes)
	$(PY) bench/bench_dashboard.py

bench-review: $(VENV)/.installed  # 100 k incidents: duplicate search and the admin's review pages
	$(PY) bench/bench_review.py

bench-analysis: $(VENV)/.installed  # 100 k incidents: corroboration, change alerts, ACLED cross-check
	$(PY) bench/bench_analysis.py

bench-load: $(VENV)/.installed  # gunicorn under 16 concurrent clients on loopback for 30 s (PostgreSQL by default)
	$(PY) bench/load_test.py

bench-scale: $(VENV)/.installed  # 1 M incidents on PostgreSQL (DATABASE_URL; REUSE=1 keeps a loaded one): map, exports, TTI
	$(PY) bench/bench_scale.py $(if $(REUSE),--reuse)

bench-intake: $(VENV)/.installed  # 50 local feeds x 40 items through two Celery workers (Redis), SQLite and PostgreSQL
	$(PY) bench/bench_intake.py
	$(PY) bench/bench_republication.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
