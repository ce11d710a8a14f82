"""The Kubernetes manifests and the Dockerfile, checked against the code they deploy.

No cluster and no Docker daemon are needed: every YAML file under deploy/k8s is parsed, and
compared with the console scripts (services/*/pyproject.toml), the config defaults
(crm_<svc>.config.Settings), the chassis' health routes, gateway/dynamic (routes and
middlewares) and scripts/install.sh. One module per subject; what they share (paths,
loading, lookups, the workload security check) is in _manifests.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

# pytest imports test modules by path (--import-mode=importlib), which puts no test directory
# on sys.path: this makes `from _manifests import ...` work in the modules beside it.
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
