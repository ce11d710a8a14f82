#!/usr/bin/env bash
# Run every test of the suite (unit, API, gRPC, event bus, gateway, end to end).
# Extra arguments go to pytest, e.g. scripts/test.sh -k gateway -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/ensure_rabbitmq.sh
exec .venv/bin/python -m pytest libs protos gateway services tests -q "$@"
