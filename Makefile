# The two commands of README.md, plus helpers. Each installs what it needs first.
.PHONY: up test test-faults security bench bench-get bench-access bench-import bench-support bench-mail lint install new-service images

up:         ## run the whole suite (all services, workers, the gateway) on SQLite
	@scripts/up.sh

test:       ## run every test
	@scripts/test.sh

test-faults: ## fault suite on a private broker and PostgreSQL: kills, outages, poison, burst, soak; table + var/faults.json
	@scripts/test_faults.sh

security:   ## security regression suite: schemathesis through the gateway, then the `security` cases (table per class)
	@scripts/security.sh

# make bench ARGS=--quick (seconds), ARGS="--only rest,events", ARGS="--scale 200000" ...
bench:      ## every issue-15 scenario beside its raw baseline: one table, var/bench.json
	@scripts/install.sh && scripts/ensure_rabbitmq.sh && .venv/bin/python tests/bench/bench_suite.py --json var/bench.json $(ARGS)

bench-get:  ## only GET one account vs a bare endpoint, both via Traefik (run_bench.py)
	@scripts/install.sh && scripts/ensure_rabbitmq.sh && .venv/bin/python tests/bench/run_bench.py --suite --rounds 3 --json var/bench-get.json

bench-access: ## record-level access at a million accounts on PostgreSQL (lists and searches)
	@scripts/install.sh && .venv/bin/python tests/bench/bench_access_lists.py --json var/bench-access.json

bench-support: ## support statistics at a million tickets on PostgreSQL (COPY), beside bare SQL
	@scripts/install.sh && .venv/bin/python tests/bench/bench_support_reports.py --json var/bench-support.json

bench-import: ## contacts CSV import (in request and background) and sales lead import, each beside PostgreSQL's COPY rate
	@scripts/install.sh && .venv/bin/python tests/bench/bench_contacts_import.py --rows 100000 --postgres --json var/bench-import.json && .venv/bin/python tests/bench/bench_leads_import.py --rows 100000 --postgres --json var/bench-import-leads.json

bench-mail: ## a mailing to 100,000 recipients on PostgreSQL beside a raw smtplib loop to the same SMTP sink
	@scripts/install.sh && .venv/bin/python tests/bench/bench_mass_mail.py --recipients 100000 --postgres --json var/bench-mail.json

lint:       ## ruff, the import-linter contracts (pyproject.toml) and buf
	@scripts/install.sh && .venv/bin/ruff check . && .venv/bin/lint-imports && cd protos && ../.venv/bin/buf lint

install:
	@scripts/install.sh

# make new-service NAME=tickets TITLE=Tickets HTTP_PORT=8107 GRPC_PORT=9107 [DESCRIPTION="..."]
new-service: ## stamp services/$(NAME) and protos/crm/$(NAME)/v1 from templates/service
	@test -n "$(NAME)" -a -n "$(HTTP_PORT)" -a -n "$(GRPC_PORT)" \
	  || { echo "usage: make new-service NAME=<name> TITLE=<Title> HTTP_PORT=<n> GRPC_PORT=<n>" >&2; exit 2; }
	@scripts/install.sh
	.venv/bin/copier copy --trust --defaults --data name=$(NAME) \
	  $(if $(TITLE),--data title=$(TITLE)) $(if $(DESCRIPTION),--data "description=$(DESCRIPTION)") \
	  --data http_port=$(HTTP_PORT) --data grpc_port=$(GRPC_PORT) templates/service .
	.venv/bin/uv pip install -q --python .venv/bin/python -c requirements/constraints.txt \
	  -e services/$(NAME)

# make images [NAMES="billing gateway"]: one image per service, tagged crm-<name>:<version>
images:
	@scripts/build_images.sh $(NAMES)
