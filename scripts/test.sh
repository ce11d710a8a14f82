#!/usr/bin/env bash
# Run every test of the suite (unit, API, gRPC, event bus, gateway, end to end).
# Extra arguments go to pytest, e.g. scripts/test.sh -k gateway -x (one pytest run, serial).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/ensure_rabbitmq.sh
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python -m pytest libs protos gateway services tests -q "$@"
fi
status=0
# In-process tests (each with its own databases, vhost and free ports) in three pytest
# processes, a module per process at a time. The tests that stop the shared broker, and the
# end-to-end and gateway tests (whole suites of processes, real Traefik) run one at a time
# after: side by side they would pull the broker from under each other or starve a 2-core
# machine.
.venv/bin/python -m pytest libs protos gateway services -q -n 3 --dist loadfile \
  -m "not broker_restart" || status=$?
.venv/bin/python -m pytest libs protos gateway services -q -m broker_restart || status=$?
.venv/bin/python -m pytest tests -q || status=$?
exit "$status"
