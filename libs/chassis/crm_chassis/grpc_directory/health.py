"""grpc.health.v1.Health for the whole suite: each service's status from its own server.

``""`` is the gateway's directory itself (SERVING until it shuts down). A service the
catalog knows is asked over a channel to its backend, with the same name; an unreachable
backend, or one that does not serve the name, is NOT_SERVING. Any other name is NOT_FOUND
(Check) or SERVICE_UNKNOWN (Watch), as in the standard health service.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from crm_chassis.grpc_directory.catalog import Catalog
from crm_chassis.logging import get_logger

Status = health_pb2.HealthCheckResponse.ServingStatus
SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
SERVICE_UNKNOWN = health_pb2.HealthCheckResponse.SERVICE_UNKNOWN

log = get_logger("crm_chassis.grpc_directory")


def as_gateway_status(status: Status) -> Status:
    """A backend's answer as the gateway reports it: only SERVING is serving."""
    return SERVING if status == SERVING else NOT_SERVING


class ForwardingHealth(health_pb2_grpc.HealthServicer):
    """Health per service name, forwarded to the backend that owns the name."""

    def __init__(
        self,
        catalog: Catalog,
        channels: Mapping[str, grpc.Channel],
        *,
        check_timeout: float = 2.0,
        watch_retry: float = 1.0,
    ) -> None:
        self._catalog = catalog
        # Backend name -> channel; one per backend, shared by every call.
        self._stubs = {b: health_pb2_grpc.HealthStub(ch) for b, ch in channels.items()}
        self._check_timeout = check_timeout
        self._watch_retry = watch_retry
        self._stopping = threading.Event()

    def enter_graceful_shutdown(self) -> None:
        """Report NOT_SERVING for "" from now on and end every Watch stream."""
        self._stopping.set()

    def _stub(self, service: str) -> health_pb2_grpc.HealthStub | None:
        backend = self._catalog.backend_of(service)
        return None if backend is None else self._stubs.get(backend)

    def status_of(self, service: str, timeout: float | None = None) -> Status:
        """Ask the owning backend now; NOT_SERVING when it cannot answer SERVING."""
        stub = self._stub(service)
        if stub is None:
            return NOT_SERVING
        try:
            answer = stub.Check(
                health_pb2.HealthCheckRequest(service=service),
                timeout=timeout or self._check_timeout,
            )
        except grpc.RpcError as exc:
            log.info("grpc_directory.backend_unhealthy", service=service, code=_code(exc))
            return NOT_SERVING
        return as_gateway_status(answer.status)

    def Check(  # noqa: N802 - the gRPC method name
        self, request: health_pb2.HealthCheckRequest, context: grpc.ServicerContext
    ) -> health_pb2.HealthCheckResponse:
        name = request.service
        if name == "":
            status = NOT_SERVING if self._stopping.is_set() else SERVING
            return health_pb2.HealthCheckResponse(status=status)
        if self._catalog.backend_of(name) is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"unknown service {name!r}")
        remaining = context.time_remaining()
        # Leave the caller time to receive the answer when its deadline is shorter.
        timeout = self._check_timeout if remaining is None else min(self._check_timeout, remaining)
        return health_pb2.HealthCheckResponse(status=self.status_of(name, max(timeout, 0.05)))

    def Watch(  # noqa: N802 - the gRPC method name
        self, request: health_pb2.HealthCheckRequest, context: grpc.ServicerContext
    ) -> Iterator[health_pb2.HealthCheckResponse]:
        done = threading.Event()
        context.add_callback(done.set)
        name = request.service
        if name == "":
            statuses: Iterator[Status] = self._watch_self(done)
        elif self._catalog.backend_of(name) is None:
            statuses = self._watch_unknown(done)
        else:
            statuses = self._watch_backend(name, done, context.add_callback)
        for status in changes(statuses):
            yield health_pb2.HealthCheckResponse(status=status)

    def _watch_self(self, done: threading.Event) -> Iterator[Status]:
        yield SERVING
        while not done.is_set() and not self._stopping.wait(0.5):
            pass
        yield NOT_SERVING

    def _watch_unknown(self, done: threading.Event) -> Iterator[Status]:
        # As the standard service: the stream stays open, the name may appear later
        # (here only with a new deployment, which ends the stream anyway).
        yield SERVICE_UNKNOWN
        while not done.is_set() and not self._stopping.wait(0.5):
            pass

    def _watch_backend(
        self,
        name: str,
        done: threading.Event,
        on_done: Callable[[Callable[[], None]], bool],
    ) -> Iterator[Status]:
        """The backend's own Watch stream, re-opened after it fails (NOT_SERVING meanwhile)."""
        stub = self._stub(name)
        current: list[grpc.Future] = []
        # The caller going away must end the backend stream too (one callback per Watch,
        # not one per reconnection).
        on_done(lambda: [call.cancel() for call in current])
        while not done.is_set() and not self._stopping.is_set():
            if stub is not None:
                call = stub.Watch(health_pb2.HealthCheckRequest(service=name))
                current[:] = [call]
                try:
                    for answer in call:
                        yield as_gateway_status(answer.status)
                except grpc.RpcError as exc:
                    log.info("grpc_directory.watch_lost", service=name, code=_code(exc))
            yield NOT_SERVING
            if done.wait(self._watch_retry):
                return
        yield NOT_SERVING


def changes(statuses: Iterator[Status]) -> Iterator[Status]:
    """Only the statuses that differ from the one before (a Watch sends changes only)."""
    last: Status | None = None
    for status in statuses:
        if status != last:
            last = status
            yield status


def _code(exc: grpc.RpcError) -> str:
    code = exc.code() if isinstance(exc, grpc.Call) else None
    return code.name if code is not None else "UNKNOWN"
