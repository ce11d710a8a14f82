"""The production overlay's operators: RabbitMQ, one PostgreSQL cluster per service, KEDA;
and every Deployment probed, limited, disruption-budgeted and network-policed."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from _manifests import SERVICES, crm_workloads, find, kustomize_build, of_kind, pod_spec

from crm_chassis.events.topology import DEFAULT_DELIVERY_LIMIT, events_queue, parking_queue


def production() -> list[dict[str, Any]]:
    return kustomize_build("production")


def env_of(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container.get("env", [])}


def wave(doc: dict[str, Any]) -> int:
    return int(doc["metadata"].get("annotations", {}).get("argocd.argoproj.io/sync-wave", "0"))


def test_rabbitmq_three_nodes_quorum_and_the_delivery_limit_policy() -> None:
    docs = production()
    (rabbit,) = of_kind(docs, "RabbitmqCluster")
    assert rabbit["spec"]["replicas"] == 3
    assert "default_queue_type = quorum" in rabbit["spec"]["rabbitmq"]["additionalConfig"]
    (policy,) = of_kind(docs, "Policy")
    spec = policy["spec"]
    assert spec["rabbitmqClusterReference"]["name"] == rabbit["metadata"]["name"]
    assert spec["applyTo"] == "quorum_queues"
    assert spec["definition"] == {"delivery-limit": DEFAULT_DELIVERY_LIMIT}
    for service in SERVICES[1:]:
        assert re.search(spec["pattern"], events_queue(service))
        assert not re.search(spec["pattern"], parking_queue(service))
    # The services reach it by its Service name, as in the local overlay.
    assert rabbit["metadata"]["name"] == "rabbitmq"


@pytest.mark.parametrize("service", SERVICES)
def test_one_postgres_cluster_with_backups_and_a_pooler_that_the_service_uses(
    service: str,
) -> None:
    docs = production()
    cluster = find(docs, "Cluster", f"{service}-db")
    spec = cluster["spec"]
    assert spec["instances"] == 3
    store = spec["backup"]["barmanObjectStore"]
    creds = store["s3Credentials"]
    assert creds["accessKeyId"]["name"] == creds["secretAccessKey"]["name"] == "crm-backup-s3"
    assert store["destinationPath"].endswith(f"/{service}")
    backups = [b for b in of_kind(docs, "ScheduledBackup") if b["spec"]["cluster"]["name"]]
    assert [b for b in backups if b["spec"]["cluster"]["name"] == f"{service}-db"]
    pooler = find(docs, "Pooler", f"{service}-db-pooler")
    assert pooler["spec"]["cluster"]["name"] == f"{service}-db"
    assert pooler["spec"]["type"] == "rw"
    database = spec["bootstrap"]["initdb"]["database"]
    workloads = [
        w
        for w in crm_workloads(docs)
        if w["metadata"]["labels"]["app.kubernetes.io/name"] == service
    ]
    assert len(workloads) == 4  # web, grpc, worker, migrate
    for w in workloads:
        env = env_of(pod_spec(w)["containers"][0])
        url = urlsplit(env[f"{service.upper()}_DATABASE_URL"]["value"])
        assert url.scheme == "postgresql+psycopg" and url.hostname == f"{service}-db-pooler"
        assert url.path == f"/{database}" and not url.password
        for var, key in (("PGUSER", "username"), ("PGPASSWORD", "password")):
            ref = env[var]["valueFrom"]["secretKeyRef"]
            assert ref == {"name": f"{service}-db-app", "key": key}  # written by CloudNativePG


def test_consuming_workers_scale_on_their_queue_depth_with_keda() -> None:
    docs = production()
    auths = {a["metadata"]["name"]: a for a in of_kind(docs, "TriggerAuthentication")}
    scaled = {s["spec"]["scaleTargetRef"]["name"]: s for s in of_kind(docs, "ScaledObject")}
    # identity consumes nothing: its worker only relays the outbox, and keeps fixed replicas.
    from crm_identity.events.incoming import handlers

    assert handlers(None) == {}  # type: ignore[arg-type]
    assert set(scaled) == {f"{s}-worker" for s in SERVICES[1:]}
    for service in SERVICES[1:]:
        so = scaled[f"{service}-worker"]["spec"]
        find(docs, "Deployment", f"{service}-worker")
        assert so["minReplicaCount"] >= 2 and so["maxReplicaCount"] > so["minReplicaCount"]
        (trigger,) = so["triggers"]
        assert trigger["type"] == "rabbitmq"
        assert trigger["metadata"]["queueName"] == events_queue(service)
        (secret,) = auths[trigger["authenticationRef"]["name"]]["spec"]["secretTargetRef"]
        worker = pod_spec(find(docs, "Deployment", f"{service}-worker"))["containers"][0]
        amqp = env_of(worker)[f"{service.upper()}_AMQP_URL"]["valueFrom"]["secretKeyRef"]
        assert (secret["parameter"], secret["name"], secret["key"]) == (
            "host",
            amqp["name"],
            amqp["key"],
        )


def test_every_deployment_is_probed_limited_budgeted_and_policed() -> None:
    docs = production()
    pdbs = of_kind(docs, "PodDisruptionBudget")
    policies = [
        p for p in of_kind(docs, "NetworkPolicy") if p["spec"]["podSelector"].get("matchLabels")
    ]
    scaled = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(docs, "HorizontalPodAutoscaler")}
    scaled |= {s["spec"]["scaleTargetRef"]["name"] for s in of_kind(docs, "ScaledObject")}
    deployments = [d for d in crm_workloads(docs) if d["kind"] == "Deployment"]
    assert len(deployments) == len(SERVICES) * 3 + 2
    for dep in deployments:
        name = dep["metadata"]["name"]
        labels = dep["spec"]["template"]["metadata"]["labels"]
        for c in pod_spec(dep)["containers"]:
            missing = [p for p in ("startupProbe", "livenessProbe", "readinessProbe") if p not in c]
            assert missing == [], f"{name}: no {missing}"
        assert [p for p in pdbs if p["spec"]["selector"]["matchLabels"].items() <= labels.items()]
        own = [
            p for p in policies if p["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
        ]
        assert [p for p in own if p["metadata"]["name"] != "crm-default-deny"], name
        assert name in scaled or dep["spec"].get("replicas", 0) >= 2, f"{name}: one pod"


def test_migrations_run_before_the_roles_and_after_the_backing_services() -> None:
    docs = production()
    backing = [d for d in docs if d["kind"] in {"Cluster", "Pooler", "RabbitmqCluster", "Policy"}]
    for job in of_kind(docs, "Job"):
        annotations = job["metadata"]["annotations"]
        assert annotations["argocd.argoproj.io/hook"] == "Sync"
        assert all(wave(b) < wave(job) for b in backing)
        assert all(wave(job) < wave(d) for d in of_kind(docs, "Deployment"))
