"""On start, fetch the whole policy from identity, so a new service does not wait for the
next ``identity.policy.changed.v1`` event (which only reaches queues that already exist).

Runs in the worker, in a background thread that retries with back-off until identity
answers; until then every process decides with the stored copy (or, on a first start,
from the permissions in callers' tokens).
"""

from __future__ import annotations

import threading

from crm.identity.v1 import identity_pb2, identity_pb2_grpc
from crm_access.model import PolicySnapshot
from crm_access.store import PolicyStore
from crm_chassis.auth.client_credentials import ServiceTokenSource
from crm_chassis.config import ServiceSettings
from crm_chassis.grpc.client import call, channel
from crm_chassis.logging import get_logger

log = get_logger("crm_access.fetch")
POLICY_SCOPE = "identity.policy.read"


def fetch_snapshot(target: str, tokens: ServiceTokenSource, timeout: float = 5.0) -> PolicySnapshot:
    """Call ``PolicyService.GetSnapshot`` on identity's gRPC ``target``."""
    with channel(target, services=["crm.identity.v1.PolicyService"]) as ch:
        stub = identity_pb2_grpc.PolicyServiceStub(ch)
        reply = call(
            stub.GetSnapshot,
            identity_pb2.GetSnapshotRequest(),
            token=tokens.token(),
            timeout=timeout,
        )
    return PolicySnapshot.from_json(reply.snapshot_json)


def start_snapshot_fetch(
    settings: ServiceSettings, store: PolicyStore, stop: threading.Event | None = None
) -> threading.Thread | None:
    """Fetch and store the snapshot in a daemon thread; None when no credentials are set."""
    if not (settings.client_id and settings.client_secret):
        log.warning("no client credentials: the access policy arrives by events only")
        return None
    stop = stop or threading.Event()
    tokens = ServiceTokenSource(
        settings.identity_token_url, settings.client_id, settings.client_secret
    )

    def run() -> None:
        delay = 0.5
        while not stop.is_set():
            try:
                snapshot = fetch_snapshot(settings.identity_grpc_target, tokens)
                store.save(snapshot)
                log.info("access policy fetched", version=snapshot.version)
                return
            except Exception as exc:  # noqa: BLE001 - any failure means: try again later
                log.warning("access policy fetch failed", error=str(exc), retry_in=delay)
                stop.wait(delay)
                delay = min(delay * 2, 30.0)

    thread = threading.Thread(target=run, name="policy-fetch", daemon=True)
    thread.start()
    return thread
