# Two commands set everything up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install build serve test browser virtuoso clean bench fuzz loadtest replicas quality corpus bench-corpus

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

# Headless Chromium from Debian's packages for tests/test_browser.py (skips with a message where apt is missing;
# with CI=true, as on CI, fails instead).
browser:
	@scripts/install-chromium.sh

# OpenLink Virtuoso and nginx from Debian's packages for the remote-store and replica tests (skipped with a
# message where apt is missing; with CI=true, as on CI, fails instead).
virtuoso:
	@scripts/install-virtuoso.sh
	@scripts/install-nginx.sh

# Two replicas over one Virtuoso behind nginx, against one (prints figures; BENCHMARKS.md, "Replicas").
REPLICA_ARGS ?=
replicas: build virtuoso
	@bench/install-wrk.sh
	$(BIN)/python bench/replicas.py $(REPLICA_ARGS)

# The last line counts the tests skipped, and why; with CI=true a missing tool fails the tests that need it.
test: $(STAMP) browser virtuoso
	$(BIN)/python -m pytest

# Benchmark (prints figures, asserts nothing): our server vs rdflib-endpoint vs in-process pyoxigraph (the warm
# mix), then the cold path (bench/cold.py: every request distinct, beside the bare ASGI limit and rdflib-endpoint).
# `make bench SIZES="real 1m 10m"` for the full run; stores are made under var/bench/ when missing.
SIZES ?= real 1m
BENCH_ARGS ?=
BENCH_STAMP := .venv-bench/.installed-$(shell sha1sum bench/requirements.txt | cut -c1-12)

$(BENCH_STAMP): bench/requirements.txt
	@test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@rm -f .venv-bench/.installed-*
	@touch $@

bench: $(STAMP) $(BENCH_STAMP)
	@bench/install-wrk.sh
	$(BIN)/python bench/run.py --sizes "$(SIZES)" $(BENCH_ARGS)
	@for size in $(SIZES); do $(BIN)/python bench/layers.py var/bench/$$size; done
	@for size in $(SIZES); do $(BIN)/python bench/cold.py --var var/bench/$$size --bare --peer --out var/bench/cold-$$size.json; done

# Long security runs (SECURITY.md records their figures): schemathesis over the whole OpenAPI surface, then
# 10,000 hostile SPARQL requests; each builds its own graph and server.
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz_openapi.py
	$(BIN)/python scripts/fuzz_sparql.py

# A bounded load test on loopback (wrk from Debian): pages and simple queries at full concurrency while
# pathological queries run into their deadline.
loadtest: $(STAMP)
	@bench/install-wrk.sh
	$(BIN)/python scripts/loadtest.py

clean:
	rm -rf var .pytest_cache test-artifacts

# Recall and precision of figure extraction on the development set (tests/quality/README.md).
# `make quality QUALITY_ARGS=--details` lists what the tune texts miss and get wrong.
QUALITY_ARGS ?=
quality: $(STAMP)
	$(BIN)/python -m kg.extract.quality tests/quality $(QUALITY_ARGS)

# Every report of a folder (default: ../shared/corpus) with the two seeds in one graph, each read with no option, in
# one build, in a data directory of its own (var/corpus/data: a copy of data/) so that data/ and the tests stay as
# they are; prints a row per file. Serve it with `JJKG_DATA_DIR=var/corpus/data JJKG_VAR_DIR=var/corpus/var make serve`.
CORPUS ?= ../shared/corpus
corpus: $(STAMP)
	@rm -rf var/corpus && mkdir -p var/corpus && cp -r data var/corpus/data
	JJKG_DATA_DIR=var/corpus/data JJKG_VAR_DIR=var/corpus/var $(BIN)/jjkg ingest $(CORPUS)

# The corpus benchmark (issue 14; prints figures, asserts nothing; BENCHMARKS.md, "Corpus benchmark"): for each size
# a generated corpus (bench/corpus_gen.py) is ingested, built, served and added to, in var/bench-corpus/SIZE/ (a
# data and a var dir of its own); `make bench-corpus CORPUS_SIZES="20 200"`. CORPUS_BENCH_ARGS: --requests N
# (distinct requests per p99), --add-many-up-to SIZE (largest size at which 100 more texts are added), --seed N.
CORPUS_SIZES ?= 20 100
CORPUS_BENCH_ARGS ?=
bench-corpus: $(STAMP)
	$(BIN)/python bench/corpus_bench.py --sizes "$(CORPUS_SIZES)" $(CORPUS_BENCH_ARGS)
