# The two commands of the README: `make demo` starts the whole shop, `make test` runs every test.

export FENXIAO_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
export FENXIAO_TEST_REDIS_URL ?= redis://127.0.0.1:6379
DEMO_ADMIN_PASSWORD ?= demo-admin-2026
LISTEN ?= 127.0.0.1:8080

.PHONY: demo test build bench lint

## Command one: build and start the shop in dev mode on SQLite with demo data.
demo:
	cargo build --release -p fenxiao-server
	@echo "Admin console login: admin / $(DEMO_ADMIN_PASSWORD)  (API: http://$(LISTEN)/api/v1/products, docs: http://$(LISTEN)/docs)"
	FENXIAO_DEV_MODE=true FENXIAO_LISTEN=$(LISTEN) FENXIAO_ADMIN_PASSWORD=$(DEMO_ADMIN_PASSWORD) \
		./target/release/fenxiao serve --demo

## Command two: every test — unit, property, HTTP integration on SQLite *and* PostgreSQL, Redis.
test:
	./scripts/ensure-services.sh
	cargo test --workspace

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

build:
	cargo build --release -p fenxiao-server
