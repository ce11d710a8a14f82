#!/usr/bin/env bash
# Create .venv and install every package of the suite, pinned by requirements/constraints.txt.
# Idempotent and quick when nothing changed (a stamp holds the hash of what was installed).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(libs/chassis libs/access libs/lines libs/ops protos gateway services/identity services/contacts services/sales
          services/billing services/support services/marketing)
# Helpers of the cross-service tests (tests/support): installed here, never in the image.
TEST_SUPPORT=(tests/support)

python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python_bin="$candidate"; break; fi
  done
fi
[ -n "$python_bin" ] || { echo "Python 3.11+ is required (apt-get install python3 python3-venv)" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $python_bin"
  "$python_bin" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check uv
fi

stamp=.venv/.crm-installed
want=$(cat requirements/constraints.txt requirements/dev.txt \
         $(printf '%s/pyproject.toml ' "${PACKAGES[@]}" "${TEST_SUPPORT[@]}") | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing the suite into .venv"
  editable=()
  for p in "${PACKAGES[@]}" "${TEST_SUPPORT[@]}"; do editable+=(-e "$p"); done
  # Bytecode at install time: where PYTHONDONTWRITEBYTECODE is set (CI, some shells),
  # every process would otherwise compile every module it imports, about 3 s per start.
  .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python \
    -c requirements/constraints.txt -r requirements/dev.txt "${editable[@]}"
  echo "$want" > "$stamp"
fi
# Our own sources change between runs: compile what changed (quick when nothing did).
.venv/bin/python -m compileall -q -j 0 "${PACKAGES[@]}" "${TEST_SUPPORT[@]}" >/dev/null
