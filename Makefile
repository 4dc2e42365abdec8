# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the app needs for the board report as PDF (WeasyPrint draws with Pango, in DejaVu fonts).
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
# Debian packages the tests need: Chromium (driven by Playwright), zbarimg (QR decoder), redis-server and nginx
# (the tests of several processes start their own; nothing needs to be running beforehand).
TEST_DEBS := chromium zbar-tools redis-server nginx

.PHONY: run test screenshots deps test-deps vendor system-deps system-test-deps clean

run: deps
	$(PY) server.py $(ARGS)

test: test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests again, this time writing their screenshots into docs/images for the docs.
screenshots: test-deps
	REFRESH_SCREENSHOTS=1 $(PY) -m pytest tests/browser $(PYTEST_ARGS)

deps: $(VENV)/.runtime vendor system-deps

test-deps: deps $(VENV)/.test system-test-deps

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# Front-end packages come from the npm registry (package-lock.json) into static/vendor: never a CDN.
vendor: static/vendor/.installed

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/
	cp node_modules/sortablejs/Sortable.min.js static/vendor/
	touch $@

system-deps:
	@missing=""; \
	ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing="$$missing libpango"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $(RUN_DEBS); \
	fi

system-test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $(TEST_DEBS); \
	fi

clean:
	rm -rf $(VENV) node_modules static/vendor
