#!/usr/bin/env bash
# The security regression suite (make security): schemathesis through the real gateway against
# every OpenAPI document it serves (with an administrator's token and without one), then every
# test marked `security` in tests/e2e and tests/gateway, with a table of cases per class.
# Extra arguments go to the pytest part, e.g. scripts/security.sh -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/ensure_rabbitmq.sh
status=0
echo "==> schemathesis through the gateway (tests/security/fuzz_gateway.py)"
.venv/bin/python tests/security/fuzz_gateway.py || status=$?
# CI runs the cases inside its `make test` pass, with the report plugin (PYTEST_ADDOPTS in
# .ci/run), and asks here for the fuzzer alone: the same tests twice would cost minutes.
if [[ "${CRM_SECURITY_FUZZ_ONLY:-0}" != "1" ]]; then
  echo "==> security regression cases (pytest -m security)"
  .venv/bin/python -m pytest tests/e2e tests/gateway -q -m "security and not broker_restart" \
    -p crm_suite_testing.security_report "$@" || status=$?
fi
exit "$status"
