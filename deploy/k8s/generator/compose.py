"""deploy/compose.yaml: the built images on one host, from the same table as the manifests.

Each role is a compose service with the Kubernetes name (identity-web, sales-worker, ...),
so the ConfigMaps' host names (identity-web:8101, contacts-grpc:9102) work unchanged; the
settings are the ConfigMaps' data, the secrets development values (as the local overlay's).
PostgreSQL holds one database per service; each service's migrate step runs once, and its
roles start only after it succeeded. Traefik (the official image) runs gateway/'s own
configuration with the backends pointed at the roles.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .common import common_documents
from .services import config_map
from .table import (
    CONTACTS_CALLERS,
    DIRECTORY_PORT,
    ERRORS_PORT,
    GATEWAY_IMAGE,
    OPS_PORT,
    PROMETHEUS_DIR,
    SERVICES,
    image,
)

POSTGRES_IMAGE = "postgres:16.4-bookworm"
RABBITMQ_IMAGE = "rabbitmq:3.10.25-management"
TRAEFIK_IMAGE = "traefik:v3.7.15"  # deploy/k8s/traefik-values.yaml's tag
DEV_PASSWORD = "crm-local"  # development only, as in overlays/local; never anywhere else
AMQP_URL = f"amqp://crm:{DEV_PASSWORD}@rabbitmq:5672/%2F"
# Read-only root, non-root, nothing gained on exec: the pods' security context, on one host.
HARDENED: dict[str, Any] = {
    "user": "10001:10001",
    "read_only": True,
    "cap_drop": ["ALL"],
    "security_opt": ["no-new-privileges:true"],
    "tmpfs": ["/tmp"],  # noqa: S108 - CRM_VAR_DIR, gunicorn heartbeats, Prometheus files
    "restart": "unless-stopped",
}


ROOT = Path(__file__).resolve().parents[3]
USAGE = """\
# One host: scripts/build_images.sh, then from the repository root
#   docker compose -f deploy/compose.yaml up -d     # the gateway on http://127.0.0.1:8080
# Development secrets only (as deploy/k8s/overlays/local); never expose this stack.
"""


def package_versions() -> dict[str, str]:
    """Image name (service or gateway) -> the version in its pyproject.toml (its tag)."""
    out = {}
    for name in [*SERVICES, "gateway"]:
        folder = ROOT / ("gateway" if name == "gateway" else f"services/{name}")
        out[name] = tomllib.loads((folder / "pyproject.toml").read_text())["project"]["version"]
    return out


def compose(versions: dict[str, str]) -> dict[str, Any]:
    """The compose file; `versions`: image name (service or gateway) -> its version tag."""
    services: dict[str, Any] = {**_backing()}
    for service, (http, grpc) in SERVICES.items():
        tag = f"{image(service)}:{versions[service]}"
        env = _environment(service, http, grpc)
        backing = {
            "postgres": {"condition": "service_healthy"},
            "rabbitmq": {"condition": "service_healthy"},
        }
        services[f"{service}-migrate"] = {
            "image": tag,
            "command": [f"crm-{service}-migrate"],
            "environment": env,
            "depends_on": backing,
            **{**HARDENED, "restart": "no"},
        }
        migrated = {f"{service}-migrate": {"condition": "service_completed_successfully"}}
        for role in ("web", "grpc", "worker"):
            role_env = dict(env, PROMETHEUS_MULTIPROC_DIR=PROMETHEUS_DIR)
            if role != "web":
                role_env["CRM_OPS_PORT"] = str(OPS_PORT)
            services[f"{service}-{role}"] = {
                "image": tag,
                "command": [f"crm-{service}-{role}"],
                "environment": role_env,
                "depends_on": {**backing, **migrated},
                **HARDENED,
            }
    services.update(_gateway(f"{GATEWAY_IMAGE}:{versions['gateway']}"))
    return {
        "name": "crm",
        "services": services,
        "volumes": {"postgres-data": {}, "rabbitmq-data": {}},
        "configs": {
            "postgres-init": {
                "content": "".join(f"CREATE DATABASE crm_{s};\n" for s in SERVICES),
            }
        },
    }


def _environment(service: str, http: int, grpc: int) -> dict[str, str]:
    prefix = service.upper()
    env = {
        **common_documents()[0]["data"],
        **config_map(service, http, grpc)["data"],
        f"{prefix}_DATABASE_URL": (
            f"postgresql+psycopg://crm:{DEV_PASSWORD}@postgres:5432/crm_{service}"
        ),
        f"{prefix}_AMQP_URL": AMQP_URL,
        f"{prefix}_CLIENT_SECRET": _client_secret(service),
    }
    if service == "identity":
        env.update({f"CRM_SERVICE_SECRET_{s.upper()}": _client_secret(s) for s in SERVICES})
        env.update(CRM_ADMIN_EMAIL="admin@crm.local", CRM_ADMIN_PASSWORD="crm-admin-local-1")
    if service in CONTACTS_CALLERS:
        assert f"{prefix}_CONTACTS_GRPC_TARGET" in env
    return env


def _client_secret(service: str) -> str:
    return f"local-svc-{service}-secret"


def _backing() -> dict[str, Any]:
    return {
        "postgres": {
            "image": POSTGRES_IMAGE,
            "environment": {
                "POSTGRES_USER": "crm",
                "POSTGRES_PASSWORD": DEV_PASSWORD,
                "POSTGRES_DB": "crm",
            },
            "configs": [
                {"source": "postgres-init", "target": "/docker-entrypoint-initdb.d/10-crm.sql"}
            ],
            "volumes": ["postgres-data:/var/lib/postgresql/data"],
            "healthcheck": _health(["pg_isready", "-U", "crm", "-d", "crm"]),
            "restart": "unless-stopped",
        },
        "rabbitmq": {
            "image": RABBITMQ_IMAGE,
            "environment": {"RABBITMQ_DEFAULT_USER": "crm", "RABBITMQ_DEFAULT_PASS": DEV_PASSWORD},
            "volumes": ["rabbitmq-data:/var/lib/rabbitmq"],
            "healthcheck": _health(["rabbitmq-diagnostics", "-q", "ping"]),
            "restart": "unless-stopped",
        },
    }


def _health(test: list[str]) -> dict[str, Any]:
    return {"test": ["CMD", *test], "interval": "5s", "timeout": "5s", "retries": 30}


def _gateway(tag: str) -> dict[str, Any]:
    backends = {}
    for service, (http, grpc) in SERVICES.items():
        backends[f"CRM_{service.upper()}_WEB_URL"] = f"http://{service}-web:{http}"
        backends[f"CRM_{service.upper()}_GRPC_URL"] = f"h2c://{service}-grpc:{grpc}"
    return {
        "gateway-errors": {
            "image": tag,
            "command": ["crm-gateway-errors"],
            "environment": {
                # The front page (GET /) asks each web role's health itself.
                **{k: v for k, v in backends.items() if k.endswith("_WEB_URL")},
                "CRM_GATEWAY_ERRORS_BIND": f"0.0.0.0:{ERRORS_PORT}",
            },
            **HARDENED,
        },
        "gateway-grpc-directory": {
            "image": tag,
            "command": ["crm-gateway-grpc-directory"],
            "environment": {
                **{k: v for k, v in backends.items() if k.endswith("_GRPC_URL")},
                "CRM_GATEWAY_DIRECTORY_BIND": f"0.0.0.0:{DIRECTORY_PORT}",
            },
            **HARDENED,
        },
        "traefik": {
            "image": TRAEFIK_IMAGE,
            # gateway/traefik.yml reads its routes from gateway/dynamic, relative to here.
            "working_dir": "/",
            "command": ["traefik", "--configFile=/gateway/traefik.yml"],
            "environment": {
                **backends,
                "CRM_GATEWAY_ERRORS_URL": f"http://gateway-errors:{ERRORS_PORT}",
                "CRM_GATEWAY_DIRECTORY_URL": f"h2c://gateway-grpc-directory:{DIRECTORY_PORT}",
            },
            "volumes": ["../gateway:/gateway:ro"],
            "ports": ["127.0.0.1:8080:8080"],
            "depends_on": [f"{s}-web" for s in SERVICES],
            "restart": "unless-stopped",
        },
    }
