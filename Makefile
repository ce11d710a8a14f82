# The two commands of README.md, plus helpers. Each installs what it needs first.
.PHONY: up test bench bench-access bench-import lint install

up:         ## run the whole suite (all services, workers, the gateway) on SQLite
	@scripts/up.sh

test:       ## run every test
	@scripts/test.sh

bench:      ## run the benchmarks (GET one account through Traefik vs a bare endpoint)
	@scripts/install.sh && scripts/ensure_rabbitmq.sh && .venv/bin/python tests/bench/run_bench.py --suite --rounds 3 --json var/bench.json

bench-access: ## record-level access at a million accounts on PostgreSQL (lists and searches)
	@scripts/install.sh && .venv/bin/python tests/bench/bench_access_lists.py --json var/bench-access.json

bench-import: ## contacts CSV import (in request and background) beside PostgreSQL's COPY rate
	@scripts/install.sh && .venv/bin/python tests/bench/bench_contacts_import.py --rows 100000 --postgres --json var/bench-import.json

lint:       ## ruff and buf
	@scripts/install.sh && .venv/bin/ruff check . && cd protos && ../.venv/bin/buf lint

install:
	@scripts/install.sh
