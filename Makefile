# China Export Support Desk. `make help` lists the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
CELERY := $(VENV)/bin/celery
MANAGE := $(PY) manage.py
# make run PORT=8001: another port, when 8000 is taken.
PORT ?= 8000
# compilemessages would otherwise also walk the virtual environment's packages.
MESSAGES := compilemessages --ignore=.venv --ignore=var -v0
# make bench: sizes a laptop runs in a few minutes, with 20 officials loading the desk for
# 10 s; override either, e.g.
# make bench DESK_ARGS="--cases 100000 --concurrency 20 --duration 30" BROADCAST_ARGS="--recipients 10000"
DESK_ARGS ?= --cases 10000 --repeat 10 --concurrency 20 --duration 10
BROADCAST_ARGS ?= --recipients 1000

.DEFAULT_GOAL := help
.PHONY: help run setup worker test lint format bench messages clean

help:  ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime  ## Install, migrate the local database and load the demo data
	$(MANAGE) $(MESSAGES)
	$(MANAGE) migrate -v0
	$(MANAGE) seed_demo

run: setup  ## Set up, then serve http://127.0.0.1:8000 (or PORT=...) with a Celery worker and beat
	@mkdir -p var/log
	@echo "Celery worker and beat log to var/log/celery.log; e-mails are written to var/mail/."
	@$(CELERY) -A config worker --beat --pool=solo --loglevel=INFO \
		--without-gossip --without-mingle --logfile=var/log/celery.log & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT)

worker: $(VENV)/.runtime  ## Run only the Celery worker and beat, in the foreground
	$(CELERY) -A config worker --beat --pool=solo --loglevel=INFO --without-gossip --without-mingle

test: $(VENV)/.dev  ## Install the test tools and run the whole test suite
	$(MANAGE) $(MESSAGES)
	@# pytest exits 5 when a selection leaves no test: nothing failed, so do not fail.
	$(PY) -m pytest $(PYTEST_ARGS); status=$$?; [ $$status -eq 5 ] && status=0; exit $$status

lint:  $(VENV)/.dev  ## ruff, the import layers (import-linter) and the migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.dev  ## Let ruff fix and format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Against the configured database and broker (the environment or .env). The broadcast's
# figures mean something on Redis: CELERY_BROKER_URL=redis://...; on the laptop default
# (the filesystem transport) it runs, slowly. Bench data stays for the next run;
# `manage.py bench_desk --clear` and `manage.py bench_broadcast --clear` remove it.
bench: $(VENV)/.dev  ## Time the desk against the admin, then a broadcast (set CELERY_BROKER_URL=redis://...)
	$(MANAGE) migrate -v0
	@# With DEBUG=false, as production runs, the pages name their static files from the manifest.
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) bench_desk $(DESK_ARGS)
	$(MANAGE) bench_broadcast $(BROADCAST_ARGS)

messages: $(VENV)/.dev  ## Extract translatable strings into the Korean and Simplified Chinese catalogs
	$(MANAGE) makemessages -l ko -l zh_Hans --ignore=.venv --ignore=var --no-obsolete --add-location=file

clean:  ## Remove the virtual environment and everything under var/
	rm -rf $(VENV) var
