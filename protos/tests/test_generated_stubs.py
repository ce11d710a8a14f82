"""The committed stubs under protos/gen/python are exactly what generate.py makes now."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import pytest

PROTOS = Path(__file__).resolve().parents[1]
COMMITTED = PROTOS / "gen" / "python"


def _load_generator():
    spec = importlib.util.spec_from_file_location("crm_protos_generate", PROTOS / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
    }


def test_committed_stubs_match_a_fresh_generation(tmp_path: Path) -> None:
    generate = _load_generator()
    generate.generate(tmp_path)

    fresh = _tree(tmp_path / "crm")
    committed = _tree(COMMITTED / "crm")

    assert sorted(fresh) == sorted(committed), (
        "generated file set differs; run `python protos/generate.py` and commit protos/gen"
    )
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale stubs {stale}; run `python protos/generate.py` and commit"


def test_every_proto_has_stubs_and_a_versioned_package() -> None:
    generate = _load_generator()
    for proto in generate.proto_files():
        parts = proto.with_suffix("").parts  # crm, <service>, v1, <file>
        assert len(parts) == 4 and parts[0] == "crm" and parts[2].startswith("v"), proto
        module = importlib.import_module(".".join(parts) + "_pb2")
        assert module.DESCRIPTOR.package == ".".join(parts[:3])


@pytest.mark.parametrize(
    ("module", "service", "methods"),
    [
        (
            "crm.identity.v1.identity_pb2",
            "IdentityService",
            {"GetUser", "BatchGetUsers", "ListUsers"},
        ),
        (
            "crm.contacts.v1.contacts_pb2",
            "ContactsService",
            {
                "GetAccount",
                "BatchGetAccounts",
                "ListAccounts",
                "SearchAccounts",
                "GetContact",
                "BatchGetContacts",
                "ListContacts",
                "SearchContacts",
                "ConvertLead",
            },
        ),
    ],
)
def test_services_expose_the_agreed_methods(module: str, service: str, methods: set[str]) -> None:
    descriptor = importlib.import_module(module).DESCRIPTOR.services_by_name[service]
    assert {m.name for m in descriptor.methods} == methods
