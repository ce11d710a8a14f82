"""Which gRPC services exist and which backend owns each: read from generated descriptors.

Every ``*_pb2`` module under the namespace package (``crm``: protos/gen/python) is
imported, which registers its file in the default descriptor pool that reflection answers
from. A service of package ``<namespace>.<backend>.v1`` belongs to ``<backend>``; its
address is ``CRM_<BACKEND>_GRPC_URL``, the variable the gateway's routes read.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf.descriptor import FileDescriptor


@dataclass(frozen=True)
class GrpcService:
    """One service of the catalog: ``crm.contacts.v1.ContactsService`` owned by ``contacts``."""

    name: str
    backend: str
    methods: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    """Every service found, and the address of each backend that has one."""

    services: tuple[GrpcService, ...]
    targets: Mapping[str, str] = field(default_factory=dict)

    @property
    def service_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.services)

    def backend_of(self, service_name: str) -> str | None:
        """The backend owning ``service_name``, None for a name the catalog does not know."""
        for service in self.services:
            if service.name == service_name:
                return service.backend
        return None

    def target_of(self, service_name: str) -> str | None:
        """``host:port`` of the server answering ``service_name``, None if unknown or unset."""
        backend = self.backend_of(service_name)
        return None if backend is None else self.targets.get(backend)


def module_names(namespace: str) -> list[str]:
    """Every generated ``*_pb2`` module below the namespace package, sorted.

    Walked on disk: ``pkgutil`` skips the directories of implicit namespace packages
    (``crm.contacts`` has no ``__init__.py``).
    """
    package = importlib.import_module(namespace)
    names: set[str] = set()
    for root in package.__path__:
        base = Path(root)
        for path in base.rglob("*_pb2.py"):
            parts = path.relative_to(base).with_suffix("").parts
            if all(p.isidentifier() for p in parts):
                names.add(".".join((namespace, *parts)))
    return sorted(names)


def load_files(namespace: str) -> list[FileDescriptor]:
    """Import every generated module of ``namespace``; return their file descriptors."""
    return [importlib.import_module(name).DESCRIPTOR for name in module_names(namespace)]


def services_of(files: Iterable[FileDescriptor], namespace: str) -> tuple[GrpcService, ...]:
    """The services declared in ``files``, each with the backend its package names."""
    found = []
    for file in files:
        backend = backend_of_package(file.package, namespace)
        if backend is None:
            continue
        for service in file.services_by_name.values():
            methods = tuple(m.name for m in service.methods)
            found.append(GrpcService(service.full_name, backend, methods))
    return tuple(sorted(found, key=lambda s: s.name))


def backend_of_package(package: str, namespace: str) -> str | None:
    """``crm.contacts.v1`` -> ``contacts``; None outside the namespace."""
    parts = package.split(".")
    if len(parts) < 2 or parts[0] != namespace:
        return None
    return parts[1]


def target_from_url(url: str) -> str:
    """``h2c://host:port`` (the gateway's upstream form) -> ``host:port`` for a channel."""
    for scheme in ("h2c://", "http://", "grpc://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")


def backend_targets(
    backends: Iterable[str],
    environ: Mapping[str, str],
    defaults: Mapping[str, int],
) -> dict[str, str]:
    """``{backend: host:port}`` from ``CRM_<BACKEND>_GRPC_URL``, else the default local port.

    A backend with neither is left out: health then answers NOT_SERVING for its services.
    """
    targets = {}
    for backend in backends:
        url = environ.get(f"CRM_{backend.upper()}_GRPC_URL")
        if url:
            targets[backend] = target_from_url(url)
        elif backend in defaults:
            targets[backend] = f"127.0.0.1:{defaults[backend]}"
    return targets


def load_catalog(
    namespace: str,
    default_ports: Mapping[str, int],
    environ: Mapping[str, str] | None = None,
) -> Catalog:
    """Import the namespace's generated modules and resolve every backend's address."""
    services = services_of(load_files(namespace), namespace)
    backends = sorted({s.backend for s in services})
    env = os.environ if environ is None else environ
    return Catalog(services, backend_targets(backends, env, default_ports))
