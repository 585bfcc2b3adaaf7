# The two commands of the README's Quick start: `make run` and `make test`.
SWIFT ?= swift
CONFIGURATION ?= debug

.PHONY: run test build deps migrate verify format lint clean

deps:
	@bash scripts/install-dependencies.sh

build: deps
	$(SWIFT) build -c $(CONFIGURATION) --product talentledger

## Install what is missing, build, load the demo province into an empty store, and serve on the embedded
## PostgreSQL (Ctrl-C stops both).
run: build
	$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/talentledger demo --if-empty
	$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/talentledger serve

## Install what is missing, then run every test (a throw-away PostgreSQL is started by the tests). The
## build refuses an import a target does not declare; the architecture check keeps the store sealed; the
## console is then tested in headless Chromium against a server on a fresh demo province.
test: deps
	python3 scripts/check-architecture.py
	$(SWIFT) build --build-tests --explicit-target-dependency-import-check error
	$(SWIFT) test --skip-build
	python3 scripts/console-test.py --binary $$($(SWIFT) build --show-bin-path)/talentledger

migrate: build
	$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/talentledger migrate

verify: build
	$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/talentledger verify

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Package.swift Sources Tests Plugins

lint:
	$(SWIFT) format lint --recursive --configuration .swift-format Package.swift Sources Tests Plugins

clean:
	rm -rf .build

## The performance benchmark (release build, scratch database talentledger_bench): a table on stdout,
## the same figures in bench-latest.json. Sizes: BENCH_ARGS="--rebuild-talents 20000 …" (see `talentledger bench --help`).
.PHONY: bench
bench: deps
	$(SWIFT) build -c release --product talentledger
	$$($(SWIFT) build -c release --show-bin-path)/talentledger bench $(BENCH_ARGS)

## Property-based tests of the HTTP API against openapi.yaml (schemathesis, from PyPI when missing) on a
## scratch demo province, once per role; FUZZ_SECONDS (default 300) bounds the whole run. See docs/fuzzing.md.
.PHONY: fuzz
fuzz: build
	TALENTLEDGER_BIN=$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/talentledger bash scripts/fuzz.sh
