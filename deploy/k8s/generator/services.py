"""<svc>.yaml: everything one service runs as, from its row of the table."""

from __future__ import annotations

from typing import Any

from .objects import http_probe, labels, meta, pdb_named, pod_spec, selector
from .routes import ingress_route
from .table import (
    CONTACTS_CALLERS,
    CONTAINER_SECURITY,
    GATEWAY_PEER,
    IDENTITY_WEB_RESOURCES,
    MONITORING_PEER,
    OPS_PORT,
    PART_OF,
    PROMETHEUS_DIR,
    RESOURCES,
    SERVICES,
    image,
)

# Argo CD runs the migration in the sync's Sync phase, one wave before the Deployments (wave 0),
# and applies them only once the Job has succeeded: a new version never serves on an old schema.
MIGRATE_HOOK = {
    "argocd.argoproj.io/hook": "Sync",
    "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation",
    "argocd.argoproj.io/sync-wave": "-1",
}


def service_documents(service: str, http: int, grpc: int) -> list[dict[str, Any]]:
    return [
        config_map(service, http, grpc),
        migrate_job(service),
        *(deployment(service, role, http, grpc) for role in ("web", "grpc", "worker")),
        k8s_service(service, "web", http),
        k8s_service(service, "grpc", grpc),
        k8s_service(service, "worker", OPS_PORT),
        *(pdb(service, role) for role in ("web", "grpc", "worker")),
        *(hpa(service, role) for role in ("web", "grpc")),
        *network_policies(service, http, grpc),
        ingress_route(service, http, grpc),
    ]


def env(service: str) -> list[dict[str, Any]]:
    """Secret-held settings as secretKeyRefs; everything else comes from the ConfigMap."""
    prefix = service.upper()
    items: list[dict[str, Any]] = [
        _secret_env(f"{prefix}_DATABASE_URL", f"crm-{service}-db", "url"),
        _secret_env(f"{prefix}_AMQP_URL", "crm-amqp", "url"),
        _secret_env(f"{prefix}_CLIENT_SECRET", "crm-service-accounts", service),
    ]
    if service == "identity":
        # identity creates svc-<service> from these on start; the same Secret feeds each
        # service's CLIENT_SECRET, so the two sides cannot disagree.
        items += [
            _secret_env(f"CRM_SERVICE_SECRET_{other.upper()}", "crm-service-accounts", other)
            for other in SERVICES
        ]
        items += [
            _secret_env("CRM_ADMIN_EMAIL", "crm-identity-admin", "email", optional=True),
            _secret_env("CRM_ADMIN_PASSWORD", "crm-identity-admin", "password", optional=True),
            _secret_env(
                "IDENTITY_SIGNING_KEY_PASSPHRASE", "crm-identity-keys", "passphrase", optional=True
            ),
        ]
    return items


def _secret_env(name: str, secret: str, key: str, *, optional: bool = False) -> dict[str, Any]:
    ref: dict[str, Any] = {"name": secret, "key": key}
    if optional:
        ref["optional"] = True
    return {"name": name, "valueFrom": {"secretKeyRef": ref}}


def config_map(service: str, http: int, grpc: int) -> dict[str, Any]:
    prefix = service.upper()
    identity_http, identity_grpc = SERVICES["identity"]
    data = {
        f"{prefix}_HTTP_HOST": "0.0.0.0",
        f"{prefix}_HTTP_PORT": str(http),
        f"{prefix}_GRPC_HOST": "0.0.0.0",
        f"{prefix}_GRPC_PORT": str(grpc),
        f"{prefix}_LOG_LEVEL": "INFO",
        "CRM_LOG_FORMAT": "json",  # one JSON line per event, whatever a terminal says
        f"{prefix}_WEB_WORKERS": "2",
        f"{prefix}_WEB_THREADS": "8",
        f"{prefix}_JWKS_URL": f"http://identity-web:{identity_http}/api/identity/v1/jwks",
        f"{prefix}_IDENTITY_TOKEN_URL": (
            f"http://identity-web:{identity_http}/api/identity/v1/auth/token"
        ),
        f"{prefix}_IDENTITY_GRPC_TARGET": f"identity-grpc:{identity_grpc}",
        f"{prefix}_CLIENT_ID": f"svc-{service}",
    }
    if service in CONTACTS_CALLERS:  # they ask contacts over gRPC (accounts)
        data[f"{prefix}_CONTACTS_GRPC_TARGET"] = f"contacts-grpc:{SERVICES['contacts'][1]}"
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": meta(f"crm-{service}-config", service, "config"),
        "data": data,
    }


def container(service: str, role: str, resources: dict[str, Any]) -> dict[str, Any]:
    # env[0] is <SVC>_DATABASE_URL: the production overlay's operators component replaces it.
    extra: list[dict[str, Any]] = []
    mounts = [{"name": "tmp", "mountPath": "/tmp"}]  # noqa: S108 - an emptyDir mount
    if role in ("grpc", "worker"):
        extra.append({"name": "CRM_OPS_PORT", "value": str(OPS_PORT)})
    if role != "migrate":
        extra.append({"name": "PROMETHEUS_MULTIPROC_DIR", "value": PROMETHEUS_DIR})
        mounts.append({"name": "prometheus", "mountPath": PROMETHEUS_DIR})
    return {
        "name": role,
        "image": image(service),
        "command": [f"crm-{service}-{role}"],
        "envFrom": [
            {"configMapRef": {"name": "crm-common"}},
            {"configMapRef": {"name": f"crm-{service}-config"}},
        ],
        "env": env(service) + extra,
        "resources": resources,
        "securityContext": CONTAINER_SECURITY,
        "volumeMounts": mounts,
    }


def migrate_job(service: str) -> dict[str, Any]:
    c = container(service, "migrate", RESOURCES["migrate"])
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {**meta(f"{service}-migrate", service, "migrate"), "annotations": MIGRATE_HOOK},
        "spec": {
            "backoffLimit": 6,
            "activeDeadlineSeconds": 900,
            # Jobs are immutable: a finished one is removed, so the next apply (a new image)
            # runs the migration again (it is idempotent: upgrade to head, declare queues).
            "ttlSecondsAfterFinished": 600,
            "template": {
                "metadata": {"labels": labels(service, "migrate")},
                "spec": pod_spec([c], restartPolicy="OnFailure"),
            },
        },
    }


def deployment(service: str, role: str, http: int, grpc: int) -> dict[str, Any]:
    resources = RESOURCES[role]
    if service == "identity" and role == "web":
        resources = IDENTITY_WEB_RESOURCES
    c = container(service, role, resources)
    spec: dict[str, Any] = {
        "selector": {"matchLabels": selector(service, role)},
        "strategy": {
            "type": "RollingUpdate",
            "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0},
        },
    }
    if role == "web":
        c["ports"] = [{"name": "http", "containerPort": http, "protocol": "TCP"}]
        health = f"/api/{service}/v1/health"
        c["startupProbe"] = http_probe(f"{health}/live", period=2, failures=30)
        c["livenessProbe"] = http_probe(f"{health}/live", period=10, failures=3)
        c["readinessProbe"] = http_probe(f"{health}/ready", period=5, failures=2)
    elif role == "grpc":
        c["ports"] = [
            {"name": "grpc", "containerPort": grpc, "protocol": "TCP"},
            {"name": "ops", "containerPort": OPS_PORT, "protocol": "TCP"},
        ]
        # Alive: the ops server's /livez. Ready: the native gRPC probe (grpc.health.v1,
        # overall ""), since the chassis reports NOT_SERVING as soon as SIGTERM arrives and
        # readiness drains before the stop (the ops /readyz says only "server started").
        c["startupProbe"] = http_probe("/livez", period=2, failures=30, port="ops")
        c["livenessProbe"] = http_probe("/livez", period=10, failures=3, port="ops")
        c["readinessProbe"] = {"grpc": {"port": grpc}, "periodSeconds": 5, "failureThreshold": 2}
    else:
        # The ops server: /livez while the main loop runs, /readyz once the broker is
        # connected and the relay loop ticked recently. One replica in base; production
        # scales consumers by queue depth (KEDA, overlays/production/operators).
        c["ports"] = [{"name": "ops", "containerPort": OPS_PORT, "protocol": "TCP"}]
        c["startupProbe"] = http_probe("/livez", period=2, failures=30, port="ops")
        c["livenessProbe"] = http_probe("/livez", period=10, failures=3, port="ops")
        c["readinessProbe"] = http_probe("/readyz", period=5, failures=3, port="ops")
        spec["replicas"] = 1
    # web and grpc have no `replicas`: their HorizontalPodAutoscaler owns the count.
    spec["template"] = {
        "metadata": {"labels": labels(service, role)},
        "spec": pod_spec([c], metrics=True, terminationGracePeriodSeconds=30),
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta(f"{service}-{role}", service, role),
        "spec": spec,
    }


def k8s_service(service: str, role: str, port: int) -> dict[str, Any]:
    """web: http; grpc: grpc and ops; worker: ops only (what a ServiceMonitor scrapes)."""
    ops = {"name": "ops", "port": OPS_PORT, "targetPort": "ops", "protocol": "TCP"}
    if role == "worker":
        ports = [ops]
    elif role == "grpc":
        grpc = {"name": "grpc", "port": port, "targetPort": "grpc", "protocol": "TCP"}
        ports = [{**grpc, "appProtocol": "kubernetes.io/h2c"}, ops]
    else:
        ports = [{"name": "http", "port": port, "targetPort": "http", "protocol": "TCP"}]
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": meta(f"{service}-{role}", service, role),
        "spec": {"type": "ClusterIP", "selector": selector(service, role), "ports": ports},
    }


def pdb(service: str, role: str) -> dict[str, Any]:
    return pdb_named(f"{service}-{role}", service, role)


def hpa(service: str, role: str) -> dict[str, Any]:
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": meta(f"{service}-{role}", service, role),
        "spec": {
            "scaleTargetRef": {
                "apiVersion": "apps/v1",
                "kind": "Deployment",
                "name": f"{service}-{role}",
            },
            "minReplicas": 2,
            "maxReplicas": 6,
            "metrics": [
                {
                    "type": "Resource",
                    "resource": {
                        "name": "cpu",
                        "target": {"type": "Utilization", "averageUtilization": 70},
                    },
                }
            ],
            "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
        },
    }


def network_policies(service: str, http: int, grpc: int) -> list[dict[str, Any]]:
    crm_pods = {"podSelector": {"matchLabels": PART_OF}}
    # The gateway's problem app serves the front page, which asks each web role's health.
    front_page = {"podSelector": {"matchLabels": selector("gateway", "errors")}}
    web_from = [GATEWAY_PEER, front_page]
    if service == "identity":
        # Every service fetches identity's JWKS and client-credentials tokens over HTTP.
        web_from = [GATEWAY_PEER, crm_pods]
    # Prometheus scrapes /metrics: web roles on their HTTP port, the others on the ops port.
    web_metrics = {"from": [MONITORING_PEER], "ports": [{"protocol": "TCP", "port": http}]}
    ops_metrics = {"from": [MONITORING_PEER], "ports": [{"protocol": "TCP", "port": OPS_PORT}]}
    return [
        _ingress_policy(
            service,
            "web",
            [{"from": web_from, "ports": [{"protocol": "TCP", "port": http}]}, web_metrics],
        ),
        # ERP/finance through the gateway; other services call each other's gRPC.
        _ingress_policy(
            service,
            "grpc",
            [
                {"from": [GATEWAY_PEER, crm_pods], "ports": [{"protocol": "TCP", "port": grpc}]},
                ops_metrics,
            ],
        ),
        # A worker serves nothing but its ops endpoints (kubelet probes are not filtered).
        _ingress_policy(service, "worker", [ops_metrics]),
    ]


def _ingress_policy(service: str, role: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": meta(f"{service}-{role}", service, role),
        "spec": {
            "podSelector": {"matchLabels": selector(service, role)},
            "policyTypes": ["Ingress"],
            "ingress": rules,
        },
    }
