# Gongkai: two commands. `make run` serves the demo; `make test` runs ruff and the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export GONGKAI_DEBUG ?= 1

.PHONY: run test deps test-deps system-deps browser-deps lint clean bench-search bench-scan bench-faults vendor messages \
	bench-memory bench-pages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.deps: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test-deps: $(VENV)/.deps
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

run: deps system-deps
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai load_demo
	@echo "Gongkai is at http://$(HOST):$(PORT)/  (staff workspace: http://$(HOST):$(PORT)/manage/)"
	@echo "A task worker (gongkai db_worker: search indexing, e-mail) runs beside the web server and stops with it."
	$(BIN)/gongkai db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gongkai runserver $(HOST):$(PORT)

APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq

# Debian packages the application needs: Chinese fonts and Pango for the PDF notices (WeasyPrint).
system-deps:
	@{ fc-list :lang=zh-cn family | grep -q . && ldconfig -p | grep -q libpangoft2; } 2>/dev/null || { \
	  $(APT_INSTALL) fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }
	@# operations (issue 19): `gongkai backup`/`restore` on PostgreSQL run pg_dump/pg_restore of the server's
	@# major version (15, Debian 12's).
	@command -v pg_dump >/dev/null 2>&1 || { $(APT_INSTALL) postgresql-client-15 >/dev/null; }

# Chromium from Debian's packages, axe-core and the W3C Nu HTML checker (vnu-jar, run on Debian's Java) from
# npm, for the browser tests.
browser-deps: system-deps
	@command -v chromium >/dev/null 2>&1 || { $(APT_INSTALL) chromium >/dev/null; }
	@command -v java >/dev/null 2>&1 || { $(APT_INSTALL) default-jre-headless >/dev/null; }
	@[ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] || \
	  npm ci --no-audit --no-fund --silent

# The ALTCHA widget (proof of work on public forms) is served from our own static files: refresh the copy
# from the pinned npm package after changing its version in package.json.
ALTCHA_DIST := node_modules/altcha/dist_external
vendor:
	npm ci --no-audit --no-fund --silent
	cp $(ALTCHA_DIST)/altcha.js $(ALTCHA_DIST)/altcha.css $(ALTCHA_DIST)/worker.js node_modules/altcha/LICENSE.txt \
	  gongkai/site/static/vendor/altcha/

# Gongkai's Chinese for Django's stock messages (gongkai/locale): compile the catalogs after editing a .po
# (msgfmt, from Debian's gettext package); the compiled .mo files are committed, so running the site needs
# neither. tests/core/test_plain_chinese.py fails when a .mo is older than its .po.
LOCALE_DIR := gongkai/locale/zh_Hans/LC_MESSAGES
messages:
	@command -v msgfmt >/dev/null 2>&1 || { $(APT_INSTALL) gettext >/dev/null; }
	msgfmt --check -o $(LOCALE_DIR)/django.mo $(LOCALE_DIR)/django.po
	msgfmt --check -o $(LOCALE_DIR)/djangojs.mo $(LOCALE_DIR)/djangojs.po

lint: test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/gongkai makemigrations --check --dry-run

test: test-deps browser-deps lint
	$(BIN)/pytest

# The search benchmark (about 15 minutes at 100,000 documents; DOCS=10000 for a quick look).
DOCS ?= 100000
bench-search: deps
	$(BIN)/pip install --quiet -c constraints.txt -e ".[bench]"
	$(BIN)/python bench/search.py --docs $(DOCS)

# The archive scan (issue 23; 100,000 items take about 5 minutes to seed and scan; ITEMS=20000 for a quick look).
ITEMS ?= 100000
bench-scan: deps
	GONGKAI_DEBUG=1 $(BIN)/python bench/scan_archive.py --items $(ITEMS)

# The fault drill (about 3 minutes; needs PostgreSQL's server binaries and redis-server): its own PostgreSQL,
# Redis and gunicorn on free ports of 127.0.0.1, stopped at the end. FAULTS_ARGS="--phase-seconds 60" for longer.
FAULTS_ARGS ?=
bench-faults: deps
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

# operations (issue 19): a web worker's resident memory after warm-up (gunicorn, 1 worker, production settings),
# with the heavy modules loaded where used and, as the baseline in the same run, loaded at start.
bench-memory: deps
	$(BIN)/python bench/memory.py

# --- Public pages against static files (issue 19): Debian's nginx (with its brotli module) and wrk are installed
# when missing; the shipped deploy/nginx/gongkai.conf runs in front of gunicorn on production settings, all in a
# temporary directory on free ports. About 5 minutes. PAGES_ARGS="--seconds 10" for longer runs;
# PAGES_ARGS="--items 100000" for the list-page growth table.
PAGES_ARGS ?=
bench-pages: deps
	@{ command -v nginx && command -v wrk && [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ]; } \
	  >/dev/null 2>&1 || { $(APT_INSTALL) nginx wrk libnginx-mod-http-brotli-filter >/dev/null; }
	$(BIN)/python bench/pages.py $(PAGES_ARGS)
# --- end bench-pages

clean:
	rm -rf $(VENV) node_modules var staticfiles
