"""A suite that fails while starting stops every process it had started (no orphans)."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_chassis.testing import broker
from crm_chassis.testing.processes import ManagedProcess
from crm_suite_testing.suite import Suite

ROOT = Path(__file__).resolve().parents[3]


def _processes_with(marker: str) -> list[int]:
    """Pids of live processes whose environment holds ``marker`` (the suite's, any child)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if marker.encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.fixture
def amqp_url() -> Iterator[str]:
    vhost, url = broker.create_vhost("crm-suite-start")
    yield url
    broker.delete_vhost(vhost)


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port held open here: a web role told to listen on it cannot start."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def _suite(amqp_url: str, tmp_path: Path, marker: str, port: int) -> Suite:
    return Suite(
        root=ROOT,
        services=["identity", "contacts"],
        amqp_url=amqp_url,
        work_dir=tmp_path,
        ready_timeout=120.0,
        # contacts' web role (after identity's roles in the Procfile) cannot bind its port.
        extra_env={"CRM_SUITE_START_TEST": marker, "CONTACTS_HTTP_PORT": str(port)},
    )


def test_a_later_service_failing_to_start_leaves_no_process_of_the_suite(
    amqp_url: str, tmp_path: Path, taken_port: int
) -> None:
    marker = f"CRM_SUITE_START_TEST={uuid.uuid4().hex}"
    suite = _suite(amqp_url, tmp_path, marker.split("=")[1], taken_port)

    with pytest.raises(Exception, match="contacts-web"):
        suite.start()

    assert {"identity-web", "identity-grpc", "contacts-grpc"} <= set(suite.processes)
    assert not any(p.is_running() for p in suite.processes.values())
    assert _processes_with(marker) == []


def test_one_process_that_fails_to_stop_does_not_leave_the_others_running(
    amqp_url: str, tmp_path: Path, taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = f"CRM_SUITE_START_TEST={uuid.uuid4().hex}"
    suite = _suite(amqp_url, tmp_path, marker.split("=")[1], taken_port)
    real_stop = ManagedProcess.stop
    stuck: list[ManagedProcess] = []

    def stop(self: ManagedProcess, grace: float = 5.0) -> int | None:
        if self.name == "identity-web" and not stuck:
            stuck.append(self)
            raise TimeoutError("identity-web would not stop")
        return real_stop(self, grace)

    monkeypatch.setattr(ManagedProcess, "stop", stop)
    try:
        with pytest.raises(Exception, match="contacts-web") as failed:
            suite.start()
        assert stuck, "the failing stop was not reached"
        assert "would not stop" in "".join(getattr(failed.value, "__notes__", []))
        left = {p.name for p in suite.processes.values() if p.is_running()}
        assert left <= {"identity-web"}  # only the one whose stop failed (SIGTERMed anyway)
    finally:
        for proc in stuck:
            real_stop(proc)
    assert _processes_with(marker) == []
