# Two entry points for people (README): `make demo` and `make test`. Both start with `make install`,
# which is quick when nothing changed (stamp files).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
VENDOR := src/skolekvalitet/site/static/vendor
export DJANGO_SETTINGS_MODULE ?= skolekvalitet.site.settings

.PHONY: install demo test lint ci messages clean bench-install
install: $(VENV)/.installed $(VENDOR)/.installed chromium

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check "pip==26.3"
	$(BIN)/python -m pip install -q --disable-pip-version-check --group dev -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

$(VENDOR)/.installed: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/designsystemet.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css $(VENDOR)/theme.css
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js
	touch $@

# Browser tests drive Debian's Chromium (test tools may not download their own browsers here);
# report tests open the PDF in poppler's pdftotext and the DOCX in LibreOffice. All come from
# Debian when missing.
chromium:
	@{ test -x /usr/bin/chromium && command -v pdftotext >/dev/null && \
	  command -v soffice >/dev/null; } || { command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  chromium poppler-utils && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  --no-install-recommends libreoffice-writer-nogui) \
	  || echo "Chromium, pdftotext or LibreOffice missing and apt-get unavailable: some tests \
	  will skip."; }

demo: install
	$(BIN)/skolekvalitet migrate --no-input -v 0
	$(BIN)/skolekvalitet demo
	$(BIN)/skolekvalitet serve

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy src/skolekvalitet/stats src/skolekvalitet/sources

# Regenerate translation catalogues after changing user-facing text (needs GNU gettext).
messages: install
	cd src/skolekvalitet && ../../$(BIN)/django-admin makemessages -l nb -l nn --no-obsolete --no-wrap
	cd src/skolekvalitet && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) node_modules $(VENDOR)

# The peers the benchmarks compare against (statsmodels, pyfixest); R comes from Debian.
bench-install: install
	$(BIN)/python -m pip install -q --disable-pip-version-check --group bench
