"""A fake backend (the standard health service on a free port) and a directory in front of it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from crm_chassis.grpc_directory import DirectorySettings, build_directory
from crm_chassis.testing.processes import free_port

sys.path.insert(0, str(Path(__file__).parent))

from _directory_helpers import (
    CONTACTS,
    Backend,
    Directory,
    start_backend,
)


@pytest.fixture
def backend() -> Iterator[Backend]:
    """contacts' stand-in: its health service reports ContactsService SERVING."""
    running = start_backend(free_port(), CONTACTS)
    yield running
    running.server.stop(None)


@pytest.fixture
def directory(backend: Backend) -> Iterator[Directory]:
    """The directory with contacts at the fake backend and sales at a port nobody serves."""
    environ = {
        "CRM_CONTACTS_GRPC_URL": f"h2c://127.0.0.1:{backend.port}",
        "CRM_SALES_GRPC_URL": f"h2c://127.0.0.1:{free_port()}",
    }
    settings = DirectorySettings(check_timeout=1.0, watch_retry=0.2, default_ports={})
    server, forwarding, _ = build_directory(settings, environ)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield Directory(server, forwarding, channel)
    channel.close()
    server.stop(None)
