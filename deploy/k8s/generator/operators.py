"""overlays/production/operators: RabbitMQ, PostgreSQL and worker scaling through operators.

A kustomize Component the production overlay includes:
  rabbitmq.yaml   RabbitmqCluster (RabbitMQ Cluster Operator), 3 nodes, quorum queues by
                  default, and a Policy (Messaging Topology Operator) holding the delivery limit
  postgres.yaml   per service: a CloudNativePG Cluster (3 instances, backups to an object
                  store), a daily ScheduledBackup and a pgbouncer Pooler
  keda.yaml       per consuming worker: a KEDA ScaledObject on its queue's depth
  kustomization   patches: each service's DATABASE_URL points at its pooler (the user and
                  password come from CloudNativePG's `<svc>-db-app` Secret as PGUSER/PGPASSWORD,
                  which libpq reads), and the scaled workers lose `replicas` (KEDA owns it)
"""

from __future__ import annotations

from typing import Any

from crm_chassis.events.topology import DEFAULT_DELIVERY_LIMIT, events_queue

from .table import CONSUMERS, SERVICES

RABBITMQ = "rabbitmq"  # the RabbitmqCluster and its Service: amqp://...@rabbitmq:5672/
TRIGGER_AUTH = "crm-rabbitmq"
BACKUP_SECRET = "crm-backup-s3"  # ACCESS_KEY_ID, ACCESS_SECRET_KEY (created beforehand)
BACKUP_BUCKET = "s3://crm-postgres-backups"
# Not part-of: crm: the operators copy labels onto their pods, and the CRM default-deny
# NetworkPolicy must not select the broker's or the databases' pods.
BACKING = {"app.kubernetes.io/component": "backing"}


def cluster(service: str) -> str:
    return f"{service}-db"


def pooler(service: str) -> str:
    return f"{service}-db-pooler"


def database(service: str) -> str:
    return f"crm_{service}"


def database_url(service: str) -> str:
    # No user or password in the URL: libpq takes PGUSER and PGPASSWORD from the environment.
    return f"postgresql+psycopg://{pooler(service)}:5432/{database(service)}"


def _meta(name: str) -> dict[str, Any]:
    # Argo CD: wave -2, before the migrate Jobs (-1) and the roles (0); it waits for health.
    return {
        "name": name,
        "labels": {"app.kubernetes.io/name": name, **BACKING},
        "annotations": {"argocd.argoproj.io/sync-wave": "-2"},
    }


def rabbitmq_documents() -> list[dict[str, Any]]:
    queues = "|".join(sorted(s for s in CONSUMERS))
    return [
        {
            "apiVersion": "rabbitmq.com/v1beta1",
            "kind": "RabbitmqCluster",
            "metadata": _meta(RABBITMQ),
            "spec": {
                "replicas": 3,
                "resources": {
                    "requests": {"cpu": "1", "memory": "2Gi"},
                    "limits": {"cpu": "2", "memory": "2Gi"},
                },
                "persistence": {"storage": "20Gi"},
                # The chassis declares every queue quorum; this covers anything else.
                "rabbitmq": {"additionalConfig": "default_queue_type = quorum\n"},
            },
        },
        {
            # Policies override queue arguments: the delivery limit of the events queues can
            # change here without deleting the queues (crm_chassis.events.topology).
            "apiVersion": "rabbitmq.com/v1beta1",
            "kind": "Policy",
            "metadata": _meta("crm-events-delivery-limit"),
            "spec": {
                "name": "crm-events-delivery-limit",
                "vhost": "/",
                "pattern": f"^({queues})\\.events$",
                "applyTo": "quorum_queues",
                "priority": 0,
                "definition": {"delivery-limit": DEFAULT_DELIVERY_LIMIT},
                "rabbitmqClusterReference": {"name": RABBITMQ},
            },
        },
    ]


def postgres_documents(service: str) -> list[dict[str, Any]]:
    return [
        postgres_cluster(service),
        {
            "apiVersion": "postgresql.cnpg.io/v1",
            "kind": "ScheduledBackup",
            "metadata": _meta(f"{cluster(service)}-daily"),
            "spec": {
                "schedule": "0 0 2 * * *",  # seconds first: 02:00 every day
                "backupOwnerReference": "self",
                "cluster": {"name": cluster(service)},
                "method": "barmanObjectStore",
            },
        },
        {
            # Session pooling: psycopg prepares statements, which transaction pooling breaks.
            "apiVersion": "postgresql.cnpg.io/v1",
            "kind": "Pooler",
            "metadata": _meta(pooler(service)),
            "spec": {
                "cluster": {"name": cluster(service)},
                "instances": 2,
                "type": "rw",
                "pgbouncer": {
                    "poolMode": "session",
                    "parameters": {"max_client_conn": "500", "default_pool_size": "40"},
                },
            },
        },
    ]


def postgres_cluster(service: str) -> dict[str, Any]:
    return {
        "apiVersion": "postgresql.cnpg.io/v1",
        "kind": "Cluster",
        "metadata": _meta(cluster(service)),
        "spec": {
            "instances": 3,
            "primaryUpdateStrategy": "unsupervised",
            "storage": {"size": "20Gi"},
            "resources": {
                "requests": {"cpu": "500m", "memory": "1Gi"},
                "limits": {"cpu": "2", "memory": "1Gi"},
            },
            "affinity": {
                "enablePodAntiAffinity": True,
                "topologyKey": "kubernetes.io/hostname",
            },
            # The app user owns the database; CNPG writes `<cluster>-app` (username, password).
            "bootstrap": {
                "initdb": {
                    "database": database(service),
                    "owner": database(service),
                    "postInitApplicationSQL": ["CREATE EXTENSION IF NOT EXISTS pg_trgm"],
                }
            },
            "backup": {
                "retentionPolicy": "30d",
                "barmanObjectStore": {
                    "destinationPath": f"{BACKUP_BUCKET}/{service}",
                    "s3Credentials": {
                        "accessKeyId": {"name": BACKUP_SECRET, "key": "ACCESS_KEY_ID"},
                        "secretAccessKey": {"name": BACKUP_SECRET, "key": "ACCESS_SECRET_KEY"},
                    },
                    "wal": {"compression": "gzip"},
                    "data": {"compression": "gzip"},
                },
            },
        },
    }


def keda_documents() -> list[dict[str, Any]]:
    auth = {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "TriggerAuthentication",
        "metadata": _meta(TRIGGER_AUTH),
        # The same amqp:// URL the workers use (Secret crm-amqp), as the scaler's host.
        "spec": {"secretTargetRef": [{"parameter": "host", "name": "crm-amqp", "key": "url"}]},
    }
    return [auth, *(scaled_object(s) for s in CONSUMERS)]


def scaled_object(service: str) -> dict[str, Any]:
    return {
        "apiVersion": "keda.sh/v1alpha1",
        "kind": "ScaledObject",
        "metadata": _meta(f"{service}-worker"),
        "spec": {
            "scaleTargetRef": {"name": f"{service}-worker"},
            # Two at least: relays share the outbox (SKIP LOCKED), consumers are idempotent.
            "minReplicaCount": 2,
            "maxReplicaCount": 10,
            "pollingInterval": 15,
            "cooldownPeriod": 300,
            "triggers": [
                {
                    "type": "rabbitmq",
                    "metadata": {
                        "protocol": "amqp",
                        "queueName": events_queue(service),
                        "mode": "QueueLength",
                        "value": "100",  # ready messages per worker pod
                    },
                    "authenticationRef": {"name": TRIGGER_AUTH},
                }
            ],
        },
    }


def _database_patch(service: str) -> list[dict[str, Any]]:
    env = "/spec/template/spec/containers/0/env"
    secret = f"{cluster(service)}-app"
    name = f"{service.upper()}_DATABASE_URL"
    return [
        {"op": "test", "path": f"{env}/0/name", "value": name},
        {
            "op": "replace",
            "path": f"{env}/0",
            "value": {"name": name, "value": database_url(service)},
        },
        *(
            {
                "op": "add",
                "path": f"{env}/-",
                "value": {"name": var, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}},
            }
            for var, key in (("PGUSER", "username"), ("PGPASSWORD", "password"))
        ),
    ]


def component(dump: Any) -> dict[str, Any]:
    """kustomization.yaml of the component; `dump` renders a JSON patch as YAML text."""
    patches: list[dict[str, Any]] = []
    for service in SERVICES:
        for kind in ("Deployment", "Job"):
            target = {"kind": kind, "labelSelector": f"app.kubernetes.io/name={service}"}
            patches.append({"target": target, "patch": dump(_database_patch(service))})
    for service in CONSUMERS:
        patches.append(
            {
                "target": {"kind": "Deployment", "name": f"{service}-worker"},
                "patch": dump([{"op": "remove", "path": "/spec/replicas"}]),
            }
        )
    return {
        "apiVersion": "kustomize.config.k8s.io/v1alpha1",
        "kind": "Component",
        "resources": ["keda.yaml", "postgres.yaml", "rabbitmq.yaml"],
        "patches": patches,
    }


def operator_files() -> dict[str, list[dict[str, Any]]]:
    return {
        "rabbitmq.yaml": rabbitmq_documents(),
        "postgres.yaml": [d for s in SERVICES for d in postgres_documents(s)],
        "keda.yaml": keda_documents(),
    }
