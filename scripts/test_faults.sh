#!/usr/bin/env bash
# The fault suite (make test-faults): the whole suite on a private RabbitMQ node and a private
# PostgreSQL cluster (free ports, a temporary directory; the shared ones are never touched),
# traffic flowing, one fault per case; then the table of var/faults.json.
# CRM_FAULTS_CI=1 for CI's short settings (tests/faults/conftest.py). Extra arguments go to
# pytest, e.g. scripts/test_faults.sh -k broker
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
rm -f var/faults.json
status=0
# The first case also starts the whole suite (six services) and the last one stops it: more
# than pytest's default 300 s on a loaded machine. Cases that need longer say so.
.venv/bin/python -m pytest tests/faults/cases_outages.py tests/faults/cases_load.py -q -x \
  --timeout=900 "$@" || status=$?
if [[ -f var/faults.json ]]; then
  .venv/bin/python - <<'PY'
import json
cases = json.load(open("var/faults.json"))["cases"]
print(f"\n{'fault':58} {'sent':>7} {'received':>8} {'lost':>5} {'doubled':>7} {'recover s':>9}")
for c in cases:
    print(f"{c['fault'][:58]:58} {c['events_sent']:>7} {c['events_received']:>8} "
          f"{c['events_lost']:>5} {c['effects_doubled']:>7} {c['recover_s']:>9}")
print("details: var/faults.json")
PY
fi
exit "$status"
