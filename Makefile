# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install build serve test browser clean fuzz loadtest

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# Rebuilds the graph only when reports, reference data, ontology, shapes or code changed.
build: $(STAMP)
	$(BIN)/jjkg build --if-stale

serve: build
	$(BIN)/jjkg serve --port $(PORT)

# Headless Chromium from Debian's packages for tests/test_browser.py (skips with a message where apt is missing).
browser:
	@scripts/install-chromium.sh

test: $(STAMP) browser
	$(BIN)/python -m pytest

# Long security runs (SECURITY.md records their figures): schemathesis over the whole OpenAPI surface, then
# 10,000 hostile SPARQL requests; each builds its own graph and server.
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz_openapi.py
	$(BIN)/python scripts/fuzz_sparql.py

# A bounded load test on loopback (wrk from Debian): pages and simple queries at full concurrency while
# pathological queries run into their deadline.
loadtest: $(STAMP)
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(BIN)/python scripts/loadtest.py

clean:
	rm -rf var .pytest_cache test-artifacts
