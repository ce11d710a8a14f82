"""common.yaml: what every CRM pod shares: the crm-common ConfigMap and the network baseline."""

from __future__ import annotations

from typing import Any

from .table import PART_OF, SERVICES


def common_documents() -> list[dict[str, Any]]:
    crm = {"matchLabels": PART_OF}
    backing_ports = [{"protocol": "TCP", "port": 5432}, {"protocol": "TCP", "port": 5672}]
    app_ports = [{"protocol": "TCP", "port": p} for pair in SERVICES.values() for p in pair]
    return [
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "crm-common", "labels": dict(PART_OF)},
            # OpenTelemetry reads these itself (crm_chassis.tracing); production sets otlp.
            # CRM_<SVC>_GRPC_URL: where services call each other's gRPC (contacts' 360 view,
            # reference and open-business checks; sales' account matching).
            "data": {
                "OTEL_TRACES_EXPORTER": "none",
                "OTEL_PROPAGATORS": "tracecontext,baggage",
                # grpc and worker pods: /metrics, /livez, /readyz (crm_chassis.ops); every
                # role's metrics files in the pod's /tmp emptyDir (gunicorn's workers summed).
                "CRM_OPS_PORT": "9300",
                "PROMETHEUS_MULTIPROC_DIR": "/tmp/prometheus",  # noqa: S108 - the pod's own emptyDir
                **{
                    f"CRM_{name.upper()}_GRPC_URL": f"h2c://{name}-grpc:{grpc}"
                    for name, (_, grpc) in SERVICES.items()
                },
            },
        },
        {
            # Nothing reaches or leaves a CRM pod unless a policy below or beside it allows.
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "crm-default-deny", "labels": dict(PART_OF)},
            "spec": {"podSelector": crm, "policyTypes": ["Ingress", "Egress"]},
        },
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "crm-egress", "labels": dict(PART_OF)},
            "spec": {
                "podSelector": crm,
                "policyTypes": ["Egress"],
                "egress": [
                    {  # DNS
                        "to": [
                            {
                                "namespaceSelector": {},
                                "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
                            }
                        ],
                        "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
                    },
                    # PostgreSQL and RabbitMQ may be outside the cluster (production): any address.
                    {"ports": backing_ports},
                    # Other CRM roles (identity's JWKS/token over HTTP, every gRPC port); the
                    # receiving side's ingress policy narrows it further.
                    {"to": [{"podSelector": crm}], "ports": app_ports},
                ],
            },
        },
    ]
