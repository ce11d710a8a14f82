"""The catalog: every service of every generated crm proto, and where each backend lives."""

from __future__ import annotations

import re
from pathlib import Path

from crm_chassis.grpc_directory.catalog import (
    Catalog,
    GrpcService,
    backend_of_package,
    backend_targets,
    load_catalog,
    module_names,
    target_from_url,
)

PROTOS = Path(__file__).resolve().parents[4] / "protos" / "crm"


def declared_services() -> set[str]:
    """``package.Service`` of every ``service`` in the .proto sources (the truth)."""
    names = set()
    for path in PROTOS.rglob("*.proto"):
        text = path.read_text()
        package = re.search(r"^package ([\w.]+);", text, re.M)
        assert package, path
        names |= {f"{package[1]}.{s}" for s in re.findall(r"^service (\w+)", text, re.M)}
    return names


def test_every_generated_module_of_the_namespace_is_found() -> None:
    found = set(module_names("crm"))
    expected = {
        "crm." + ".".join(p.relative_to(PROTOS).with_suffix("").parts) + "_pb2"
        for p in PROTOS.rglob("*.proto")
    }
    assert expected and found == expected


def test_catalog_lists_every_declared_service_with_its_methods() -> None:
    catalog = load_catalog("crm", {}, environ={})
    assert set(catalog.service_names) == declared_services()
    contacts = next(s for s in catalog.services if s.name == "crm.contacts.v1.ContactsService")
    assert contacts.backend == "contacts"
    assert {"GetAccount", "ListAccounts", "SearchContacts"} <= set(contacts.methods)
    policy = next(s for s in catalog.services if s.name == "crm.identity.v1.PolicyService")
    assert policy.backend == "identity" and policy.methods == ("GetSnapshot",)


def test_backend_is_the_package_segment_after_the_namespace() -> None:
    assert backend_of_package("crm.contacts.v1", "crm") == "contacts"
    assert backend_of_package("crm.new_thing.v2", "crm") == "new_thing"
    assert backend_of_package("google.protobuf", "crm") is None
    assert backend_of_package("crm", "crm") is None


def test_targets_come_from_the_gateway_routing_variables_then_defaults() -> None:
    assert target_from_url("h2c://contacts-grpc:9102") == "contacts-grpc:9102"
    assert target_from_url("127.0.0.1:9102/") == "127.0.0.1:9102"
    targets = backend_targets(
        ["contacts", "sales", "newsvc"],
        {"CRM_CONTACTS_GRPC_URL": "h2c://10.0.0.7:7000", "CRM_OTHER_GRPC_URL": "h2c://x:1"},
        {"contacts": 9102, "sales": 9103},
    )
    # newsvc has neither a variable nor a default: no target, health says NOT_SERVING.
    assert targets == {"contacts": "10.0.0.7:7000", "sales": "127.0.0.1:9103"}


def test_catalog_lookups() -> None:
    catalog = Catalog(
        (GrpcService("crm.a.v1.AService", "a", ("Get",)), GrpcService("crm.b.v1.B", "b", ())),
        {"a": "127.0.0.1:1"},
    )
    assert catalog.backend_of("crm.a.v1.AService") == "a"
    assert catalog.target_of("crm.a.v1.AService") == "127.0.0.1:1"
    assert catalog.target_of("crm.b.v1.B") is None  # known, no address
    assert catalog.backend_of("crm.a.v1") is None
    assert catalog.backend_of("") is None
