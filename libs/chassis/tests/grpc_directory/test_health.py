"""Health through the directory: "" is the directory, a service's status is its backend's."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator

import grpc
import pytest
from _directory_helpers import CONTACTS, SALES, Backend, Directory, start_backend
from grpc_health.v1 import health_pb2

from crm_chassis.grpc_directory.health import changes

Status = health_pb2.HealthCheckResponse
SERVING, NOT_SERVING = Status.SERVING, Status.NOT_SERVING


def check(directory: Directory, name: str) -> int:
    return directory.health.Check(health_pb2.HealthCheckRequest(service=name), timeout=5).status


def test_overall_status_is_the_directory_itself(directory: Directory) -> None:
    assert check(directory, "") == SERVING
    directory.forwarding.enter_graceful_shutdown()
    assert check(directory, "") == NOT_SERVING


def test_a_service_reports_its_backends_status(directory: Directory, backend: Backend) -> None:
    assert check(directory, CONTACTS) == SERVING
    backend.health.set(CONTACTS, NOT_SERVING)
    assert check(directory, CONTACTS) == NOT_SERVING


def test_a_backend_that_does_not_serve_the_name_is_not_serving(
    directory: Directory, backend: Backend
) -> None:
    backend.server.stop(None).wait()
    # Something else on contacts' address: it answers health, but not for ContactsService.
    other = start_backend(backend.port)
    try:
        assert check(directory, CONTACTS) == NOT_SERVING
        assert check(directory, "") == SERVING
    finally:
        other.server.stop(None)


def test_an_unreachable_backend_is_not_serving(directory: Directory) -> None:
    assert check(directory, SALES) == NOT_SERVING  # nothing listens on sales' port
    # A known service without an address (default_ports={}, no variable) likewise.
    assert check(directory, "crm.billing.v1.BillingService") == NOT_SERVING


@pytest.mark.parametrize("name", ["crm.nothing.v1.Nope", "crm.contacts.v1", "Health"])
def test_an_unknown_name_is_not_found(directory: Directory, name: str) -> None:
    with pytest.raises(grpc.RpcError) as err:
        check(directory, name)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def _watch(directory: Directory, name: str) -> tuple[grpc.Future, queue.Queue[int]]:
    call = directory.health.Watch(health_pb2.HealthCheckRequest(service=name), timeout=20)
    seen: queue.Queue[int] = queue.Queue()

    def pump() -> None:
        try:
            for answer in call:
                seen.put(answer.status)
        except grpc.RpcError:
            pass

    threading.Thread(target=pump, daemon=True).start()
    return call, seen


def test_watch_follows_the_backend_and_its_loss(directory: Directory, backend: Backend) -> None:
    call, seen = _watch(directory, CONTACTS)
    try:
        assert seen.get(timeout=5) == SERVING
        backend.health.set(CONTACTS, NOT_SERVING)
        assert seen.get(timeout=5) == NOT_SERVING
        backend.health.set(CONTACTS, SERVING)
        assert seen.get(timeout=5) == SERVING
        backend.server.stop(None)  # the backend goes away: NOT_SERVING, once
        assert seen.get(timeout=5) == NOT_SERVING
        time.sleep(0.6)  # several retries (watch_retry 0.2 s) send nothing new
        assert seen.empty()
    finally:
        call.cancel()


def test_watch_of_an_unknown_name_is_service_unknown(directory: Directory) -> None:
    call, seen = _watch(directory, "crm.nothing.v1.Nope")
    try:
        assert seen.get(timeout=5) == Status.SERVICE_UNKNOWN
    finally:
        call.cancel()


def test_watch_of_the_directory_ends_not_serving_on_shutdown(directory: Directory) -> None:
    call, seen = _watch(directory, "")
    try:
        assert seen.get(timeout=5) == SERVING
        directory.forwarding.enter_graceful_shutdown()
        assert seen.get(timeout=5) == NOT_SERVING
    finally:
        call.cancel()


def test_changes_drops_repeats() -> None:
    def statuses() -> Iterator[int]:
        yield from (SERVING, SERVING, NOT_SERVING, NOT_SERVING, SERVING)

    assert list(changes(statuses())) == [SERVING, NOT_SERVING, SERVING]
