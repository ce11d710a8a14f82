"""The snapshot's JSON goes through crm.identity.v1.PolicySnapshot and stays what services
already store: copies written before the schema existed parse, and new text differs from
them only where the schema has no value (an unset optional is absent instead of null)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from google.protobuf import json_format

from crm.identity.v1 import policy_pb2 as pb
from crm_access.model import Group, PolicySnapshot, Profile, Role, SharingRule, UserFacts

# Written by the pydantic model identity published with before policy.proto (version 12).
STORED = (
    '{"version":12,"users":[{"id":"u-admin","role_id":"r-org","is_admin":true,"active":true,'
    '"kind":"user"},{"id":"u-rep","role_id":"r-rep","is_admin":false,"active":true,"kind":"user"},'
    '{"id":"u-new","role_id":null,"is_admin":false,"active":true,"kind":"user"},{"id":"u-portal",'
    '"role_id":null,"is_admin":false,"active":false,"kind":"portal"}],"roles":[{"id":"r-org",'
    '"name":"Organisation","parent_id":null,"profile_ids":["p-sales"]},{"id":"r-rep","name":"Rep",'
    '"parent_id":"r-org","profile_ids":["p-sales"]}],"profiles":[{"id":"p-sales","name":"Sales",'
    '"view_all":false,"edit_all":true,"modules":{"accounts":["view","edit"],"leads":["view"]},'
    '"fields":{"accounts":{"credit_limit":"hidden","annual_revenue":"read_only"}}}],"groups":'
    '[{"id":"g-key","name":"Key accounts","user_ids":["u-rep"],"role_ids":["r-rep"],'
    '"role_and_subordinate_ids":[]}],"sharing_defaults":{"accounts":"public_read","leads":'
    '"private"},"sharing_rules":[{"id":"s-1","module":"accounts","source_kind":"role","source_id":'
    '"r-rep","target_kind":"group","target_id":"g-key","access":"read_write"}],"unowned_modules":'
    '["price_books","vendors"]}'
)

EXPECTED = PolicySnapshot(
    version=12,
    users=(
        UserFacts(id="u-admin", role_id="r-org", is_admin=True),
        UserFacts(id="u-rep", role_id="r-rep"),
        UserFacts(id="u-new"),
        UserFacts(id="u-portal", kind="portal", active=False),
    ),
    roles=(
        Role(id="r-org", name="Organisation", profile_ids=("p-sales",)),
        Role(id="r-rep", name="Rep", parent_id="r-org", profile_ids=("p-sales",)),
    ),
    profiles=(
        Profile(
            id="p-sales",
            name="Sales",
            edit_all=True,
            modules={"accounts": ("view", "edit"), "leads": ("view",)},
            fields={"accounts": {"credit_limit": "hidden", "annual_revenue": "read_only"}},
        ),
    ),
    groups=(Group(id="g-key", name="Key accounts", user_ids=("u-rep",), role_ids=("r-rep",)),),
    sharing_defaults={"accounts": "public_read", "leads": "private"},
    sharing_rules=(
        SharingRule(
            id="s-1",
            module="accounts",
            source_kind="role",
            source_id="r-rep",
            target_kind="group",
            target_id="g-key",
            access="read_write",
        ),
    ),
    unowned_modules=("price_books", "vendors"),
)


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def test_a_copy_stored_before_the_schema_parses() -> None:
    assert PolicySnapshot.from_json(STORED) == EXPECTED


def test_new_json_has_the_stored_keys_and_values() -> None:
    written = json.loads(EXPECTED.to_json())
    assert written == without_nulls(json.loads(STORED))
    assert isinstance(written["version"], int)  # a number, as before (proto3 JSON: a string)


def test_new_json_is_the_declared_schema_exactly() -> None:
    # No unknown key: parsing without ignore_unknown_fields succeeds.
    json_format.Parse(EXPECTED.to_json(), pb.PolicySnapshot())


def test_equal_snapshots_give_equal_text_whatever_the_map_order() -> None:
    reordered = dataclasses.replace(
        EXPECTED, sharing_defaults={"leads": "private", "accounts": "public_read"}
    )
    assert reordered.to_json() == EXPECTED.to_json()


@pytest.mark.parametrize(
    ("message", "model"),
    [
        (pb.PolicySnapshot, PolicySnapshot),
        (pb.PolicyUser, UserFacts),
        (pb.PolicyRole, Role),
        (pb.PolicyProfile, Profile),
        (pb.PolicyGroup, Group),
        (pb.PolicySharingRule, SharingRule),
    ],
)
def test_the_schema_and_the_dataclasses_name_the_same_fields(message: Any, model: Any) -> None:
    declared = [f.name for f in message.DESCRIPTOR.fields]
    assert declared == [f.name for f in dataclasses.fields(model)]


def test_absent_values_take_the_models_defaults() -> None:
    snap = PolicySnapshot.from_dict(
        {
            "version": "5",  # proto3 JSON writes int64 as a string: accepted too
            "users": [{"id": "u"}],
            "roles": [{"id": "r", "name": "R", "parent_id": None}],
            "sharing_rules": [
                {
                    "id": "s",
                    "module": "accounts",
                    "source_kind": "role",
                    "source_id": "r",
                    "target_kind": "group",
                    "target_id": "g",
                }
            ],
        }
    )
    assert snap.version == 5
    assert snap.users == (UserFacts(id="u", role_id=None, is_admin=False, active=True),)
    assert snap.roles[0].parent_id is None
    assert snap.sharing_rules[0].access == "read"


@pytest.mark.parametrize(
    "doc",
    [
        {"sharing_defaults": {"accounts": "everyone"}},
        {"users": [{"id": "u", "kind": "robot"}]},
        {"profiles": [{"id": "p", "name": "P", "fields": {"accounts": {"x": "secret"}}}]},
        {"profiles": [{"id": "p", "name": "P", "fields": {"accounts": {"x": 1}}}]},
        {"profiles": [{"id": "p", "name": "P", "modules": {"accounts": [1]}}]},
        {
            "sharing_rules": [
                {"id": "s", "module": "m", "source_kind": "team", "target_kind": "group"}
            ]
        },
    ],
)
def test_values_outside_the_schemas_lists_are_refused(doc: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="policy snapshot"):
        PolicySnapshot.from_dict(doc)
