# The two commands of the README: `make demo` starts the whole shop, `make test` runs every test.

export FENXIAO_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
export FENXIAO_TEST_REDIS_URL ?= redis://127.0.0.1:6379
DEMO_ADMIN_PASSWORD ?= demo-admin-2026
LISTEN ?= 127.0.0.1:8080

.PHONY: demo test test-rust test-web web build bench lint

## Command one: build the front ends and the binary, start the shop in dev mode on SQLite with demo data.
demo: web
	cargo build --release -p fenxiao-server
	@echo "Storefront: http://$(LISTEN)/h5/   Admin: http://$(LISTEN)/admin/ (admin / $(DEMO_ADMIN_PASSWORD))   API docs: http://$(LISTEN)/docs"
	FENXIAO_DEV_MODE=true FENXIAO_LISTEN=$(LISTEN) FENXIAO_ADMIN_PASSWORD=$(DEMO_ADMIN_PASSWORD) \
		./target/release/fenxiao serve --demo

## Command two: every test — Rust (unit, property, HTTP integration on SQLite *and* PostgreSQL, Redis),
## then the front ends (unit tests, builds, mini-program checks, browser tests against the real server).
test: test-rust test-web

test-rust:
	./scripts/ensure-services.sh
	cargo test --workspace

test-web:
	./scripts/ensure-browser.sh
	cargo build -p fenxiao-server
	FENXIAO_BIN=$(CURDIR)/target/debug/fenxiao FENXIAO_SERVES_WEB=1 ./web/test.sh

web:
	SKIP_MP=1 ./web/build.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

build: web
	cargo build --release -p fenxiao-server

## Benchmarks (release build; SQLite and PostgreSQL; prints figures).
bench:
	./scripts/bench.sh all
