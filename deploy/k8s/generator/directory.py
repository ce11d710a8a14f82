"""The gateway's gRPC directory (crm-gateway-grpc-directory): reflection for every service
and health per service behind Traefik's one reflection path and one health path."""

from __future__ import annotations

from typing import Any

from .objects import labels, meta, pdb_named, pod_spec, selector
from .table import (
    CONTAINER_SECURITY,
    DIRECTORY_APP,
    DIRECTORY_PORT,
    GATEWAY_IMAGE,
    GATEWAY_PEER,
)

# The paths gateway/dynamic/routes.yml sends to the directory (the test compares them).
DIRECTORY_MATCH = (
    "PathPrefix(`/grpc.reflection.v1.ServerReflection/`) || "
    "PathPrefix(`/grpc.reflection.v1alpha.ServerReflection/`) || "
    "PathPrefix(`/grpc.health.v1.Health/`)"
)


def directory_documents() -> list[dict[str, Any]]:
    """Deployment, Service, PDB, NetworkPolicy and IngressRoute of the directory."""
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": meta(DIRECTORY_APP, "gateway", "grpc-directory"),
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": selector("gateway", "grpc-directory")},
                "template": {
                    "metadata": {"labels": labels("gateway", "grpc-directory")},
                    "spec": pod_spec([_container()], terminationGracePeriodSeconds=15),
                },
            },
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta(DIRECTORY_APP, "gateway", "grpc-directory"),
            "spec": {
                "type": "ClusterIP",
                "selector": selector("gateway", "grpc-directory"),
                "ports": [
                    {
                        "name": "grpc",
                        "port": DIRECTORY_PORT,
                        "targetPort": "grpc",
                        "protocol": "TCP",
                        "appProtocol": "kubernetes.io/h2c",
                    }
                ],
            },
        },
        pdb_named(DIRECTORY_APP, "gateway", "grpc-directory"),
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": meta(DIRECTORY_APP, "gateway", "grpc-directory"),
            "spec": {
                "podSelector": {"matchLabels": selector("gateway", "grpc-directory")},
                "policyTypes": ["Ingress"],
                # Only Traefik; the pod reaches the services' gRPC ports through crm-egress.
                "ingress": [
                    {"from": [GATEWAY_PEER], "ports": [{"protocol": "TCP", "port": DIRECTORY_PORT}]}
                ],
            },
        },
        directory_route(),
    ]


def directory_route() -> dict[str, Any]:
    """Reflection (v1, v1alpha) and health paths to the directory, as the services' gRPC."""
    return {
        "apiVersion": "traefik.io/v1alpha1",
        "kind": "IngressRoute",
        "metadata": meta(DIRECTORY_APP, "gateway", "route"),
        "spec": {
            "entryPoints": ["web"],
            "routes": [
                {
                    "kind": "Rule",
                    "match": DIRECTORY_MATCH,
                    "middlewares": [{"name": "strip-identity-headers"}],
                    "services": [
                        {
                            "name": DIRECTORY_APP,
                            "port": "grpc",
                            "scheme": "h2c",
                            "serversTransport": "grpc-upstream",
                        }
                    ],
                }
            ],
        },
    }


def _container() -> dict[str, Any]:
    probe = {"grpc": {"port": DIRECTORY_PORT}}  # overall "": the directory itself
    return {
        "name": "grpc-directory",
        "image": GATEWAY_IMAGE,
        "command": ["crm-gateway-grpc-directory"],
        # crm-common holds CRM_<SVC>_GRPC_URL, the backends it forwards health checks to.
        "envFrom": [{"configMapRef": {"name": "crm-common"}}],
        "env": [{"name": "CRM_GATEWAY_DIRECTORY_BIND", "value": f"0.0.0.0:{DIRECTORY_PORT}"}],
        "ports": [{"name": "grpc", "containerPort": DIRECTORY_PORT, "protocol": "TCP"}],
        "startupProbe": {**probe, "periodSeconds": 2, "failureThreshold": 30},
        "livenessProbe": {**probe, "periodSeconds": 10, "failureThreshold": 3},
        "readinessProbe": {**probe, "periodSeconds": 5, "failureThreshold": 2},
        "resources": {
            "requests": {"cpu": "50m", "memory": "128Mi"},
            "limits": {"cpu": "500m", "memory": "256Mi"},
        },
        "securityContext": CONTAINER_SECURITY,
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],  # noqa: S108 - an emptyDir mount
    }
