"""The one table the manifests are rendered from: services, ports, resources, security."""

from __future__ import annotations

# One image per service (deploy/images/<service>/Dockerfile) and one for the gateway's own
# processes; overlays set registry and tag (the package's version) with kustomize `images:`.
GATEWAY_IMAGE = "crm-gateway"


def image(service: str) -> str:
    return f"crm-{service}"


PART_OF = {"app.kubernetes.io/part-of": "crm"}

# service -> (HTTP port, gRPC port); the defaults of services/<svc>/crm_<svc>/config.py.
SERVICES: dict[str, tuple[int, int]] = {
    "identity": (8101, 9101),
    "contacts": (8102, 9102),
    "sales": (8103, 9103),
    "billing": (8104, 9104),
    "support": (8105, 9105),
    "marketing": (8106, 9106),
}
# Services whose worker consumes events (queue <service>.events; KEDA scales them by its
# depth). identity consumes nothing (crm_identity.events.incoming.handlers is empty): its
# worker only relays the outbox, so it keeps a fixed replica count.
CONSUMERS = ("contacts", "sales", "billing", "support", "marketing")
# Services that ask contacts over gRPC (sales: account matching and quote addresses;
# billing: account checks and the customer's name on invoices).
CONTACTS_CALLERS = frozenset({"sales", "billing"})
# The problem-pages app (crm-gateway-errors): its Deployment, Service and port.
ERRORS_APP = "gateway-errors"
ERRORS_PORT = 8199
# The gRPC directory (crm-gateway-grpc-directory): reflection and health behind the gateway.
DIRECTORY_APP = "gateway-grpc-directory"
DIRECTORY_PORT = 9100
# The ops HTTP server of grpc and worker roles (env CRM_OPS_PORT; crm_chassis.ops):
# GET /livez (process loop alive), /readyz (worker: broker connected, relay ticked recently;
# grpc: server started) and /metrics. Web roles serve /metrics on their own port.
OPS_PORT = 9300
# prometheus_client's multiprocess files (gunicorn workers share them): an emptyDir of its own.
PROMETHEUS_DIR = "/tmp/prometheus"  # noqa: S108 - an emptyDir mount
# Who scrapes /metrics: Prometheus (kube-prometheus-stack's labels) in namespace monitoring.
MONITORING_PEER = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
    "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
}
# Where Traefik runs (the official Helm chart's labels); overlays patch these if it differs.
GATEWAY_PEER = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "traefik"}},
    "podSelector": {"matchLabels": {"app.kubernetes.io/name": "traefik"}},
}

# Requests/limits per role. identity-web hashes passwords with Argon2id at 64 MiB each,
# up to web_workers x web_threads (2 x 8) at once, hence its larger memory limit.
RESOURCES: dict[str, dict[str, dict[str, str]]] = {
    "web": {
        "requests": {"cpu": "250m", "memory": "256Mi"},
        "limits": {"cpu": "1", "memory": "512Mi"},
    },
    "grpc": {
        "requests": {"cpu": "100m", "memory": "192Mi"},
        "limits": {"cpu": "1", "memory": "384Mi"},
    },
    "worker": {
        "requests": {"cpu": "100m", "memory": "192Mi"},
        "limits": {"cpu": "500m", "memory": "384Mi"},
    },
    "migrate": {
        "requests": {"cpu": "100m", "memory": "128Mi"},
        "limits": {"cpu": "500m", "memory": "384Mi"},
    },
}
IDENTITY_WEB_RESOURCES = {
    "requests": {"cpu": "500m", "memory": "512Mi"},
    "limits": {"cpu": "2", "memory": "1280Mi"},
}

POD_SECURITY = {
    "runAsNonRoot": True,
    "runAsUser": 10001,
    "runAsGroup": 10001,
    "fsGroup": 10001,
    "seccompProfile": {"type": "RuntimeDefault"},
}
CONTAINER_SECURITY = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "capabilities": {"drop": ["ALL"]},
}
