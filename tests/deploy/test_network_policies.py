"""NetworkPolicies: web pods take the gateway, grpc pods the gateway and CRM pods, workers only
Prometheus on their ops port (Prometheus also scrapes web and grpc pods, on their metrics ports)."""

from __future__ import annotations

from typing import Any

import pytest
from _manifests import SERVICES, base_docs, find, of_kind, settings_defaults

GATEWAY_PEER_NS = "traefik"


def peers_allowed(docs: list[dict[str, Any]], pod_labels: dict[str, str]) -> list[dict[str, Any]]:
    """Every `from` peer of an ingress rule of a NetworkPolicy selecting these pod labels."""
    peers = []
    for np in of_kind(docs, "NetworkPolicy"):
        if np["spec"]["podSelector"].get("matchLabels", {}).items() <= pod_labels.items():
            for rule in np["spec"].get("ingress", []):
                peers += rule.get("from", [{"any": True}])
    return peers


def is_gateway(peer: dict[str, Any]) -> bool:
    ns = peer.get("namespaceSelector", {}).get("matchLabels", {})
    return ns.get("kubernetes.io/metadata.name") == GATEWAY_PEER_NS and "podSelector" in peer


def is_monitoring(peer: dict[str, Any]) -> bool:
    ns = peer.get("namespaceSelector", {}).get("matchLabels", {})
    return ns.get("kubernetes.io/metadata.name") == "monitoring" and "podSelector" in peer


def rules_from_monitoring(docs: list[dict[str, Any]], pod_labels: dict[str, str]) -> set[int]:
    """The ports Prometheus may reach on these pods."""
    ports: set[int] = set()
    for np in of_kind(docs, "NetworkPolicy"):
        if np["spec"]["podSelector"].get("matchLabels", {}).items() <= pod_labels.items():
            for rule in np["spec"].get("ingress", []):
                if any(is_monitoring(p) for p in rule.get("from", [])):
                    assert all(is_monitoring(p) for p in rule["from"])
                    ports |= {p["port"] for p in rule["ports"]}
    return ports


def is_front_page(peer: dict[str, Any]) -> bool:
    """The gateway's problem app: its front page asks each web role's health."""
    selector = {"app.kubernetes.io/name": "gateway", "app.kubernetes.io/component": "errors"}
    return peer == {"podSelector": {"matchLabels": selector}}


def is_crm_pods(peer: dict[str, Any]) -> bool:
    return peer == {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": "crm"}}}


@pytest.mark.parametrize("service", SERVICES)
def test_network_policies_only_gateway_and_crm_grpc(service: str) -> None:
    docs = base_docs()
    deny = find(docs, "NetworkPolicy", "crm-default-deny")["spec"]
    assert deny["podSelector"] == {"matchLabels": {"app.kubernetes.io/part-of": "crm"}}
    assert "ingress" not in deny and set(deny["policyTypes"]) == {"Ingress", "Egress"}

    def labels(role: str) -> dict[str, str]:
        return find(docs, "Deployment", f"{service}-{role}")["spec"]["template"]["metadata"][
            "labels"
        ]

    defaults = settings_defaults(service)
    web = [p for p in peers_allowed(docs, labels("web")) if not is_monitoring(p)]
    assert web and all(
        is_gateway(p) or is_front_page(p) or (service == "identity" and is_crm_pods(p)) for p in web
    )
    assert any(is_front_page(p) or is_crm_pods(p) for p in web)
    grpc = [p for p in peers_allowed(docs, labels("grpc")) if not is_monitoring(p)]
    assert any(is_gateway(p) for p in grpc) and any(is_crm_pods(p) for p in grpc)
    assert all(is_gateway(p) or is_crm_pods(p) for p in grpc)
    assert all(is_monitoring(p) for p in peers_allowed(docs, labels("worker"))), (
        "only Prometheus may connect to a worker"
    )
    assert rules_from_monitoring(docs, labels("web")) == {defaults["http_port"]}
    assert rules_from_monitoring(docs, labels("grpc")) == {9300}
    assert rules_from_monitoring(docs, labels("worker")) == {9300}

    egress = find(docs, "NetworkPolicy", "crm-egress")["spec"]["egress"]
    ports = {p["port"] for rule in egress for p in rule["ports"]}
    assert {5432, 5672, 53, defaults["grpc_port"]} <= ports
