"""Case 9 (contacts' side): a task's or call's ``related_id`` must name an existing record,
here (accounts, contacts) or in the service holding it (asked over gRPC)."""

from __future__ import annotations

import uuid

import pytest

from crm_chassis.errors import InvalidFields
from crm_contacts.domain.activities import Related
from crm_contacts.domain.overview import NOT_AVAILABLE_YET, Answer
from crm_contacts.service.overview import Sources
from crm_contacts.service.remote_records import RemoteRecords

API = "/api/contacts/v1"
START = "2030-03-01T09:00:00Z"


def _task(client, headers, **fields):
    return client.post(f"{API}/tasks", json={"title": "Call back", **fields}, headers=headers)


def _call(client, headers, **fields):
    body = {"kind": "call", "title": "Call", "start": START, **fields}
    return client.post(f"{API}/events", json=body, headers=headers)


@pytest.mark.parametrize("post", [_task, _call])
@pytest.mark.parametrize("related_type", ["lead", "opportunity", "quote", "invoice"])
def test_an_unknown_remote_record_is_422_naming_related_id(
    client, admin_headers, remote, post, related_type
):
    unknown = str(uuid.uuid4())
    remote.missing.add(unknown)
    refused = post(client, admin_headers, related_type=related_type, related_id=unknown)
    assert refused.status_code == 422, refused.get_json()
    assert [e["field"] for e in refused.get_json()["errors"]] == ["related_id"]
    known = str(uuid.uuid4())
    assert (
        post(client, admin_headers, related_type=related_type, related_id=known).status_code == 201
    )
    assert remote.calls[-1][1] == {"id": known}


@pytest.mark.parametrize("related_type", ["account", "contact"])
def test_an_unknown_local_record_is_422(client, admin_headers, related_type):
    refused = _task(client, admin_headers, related_type=related_type, related_id=str(uuid.uuid4()))
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["field"] == "related_id"


def test_a_patch_to_an_unknown_record_is_refused_and_changes_nothing(client, admin_headers, remote):
    task = _task(client, admin_headers, related_type="lead", related_id=str(uuid.uuid4()))
    url = task.headers["Location"]
    unknown = str(uuid.uuid4())
    remote.missing.add(unknown)
    refused = client.patch(url, json={"related_id": unknown}, headers=admin_headers)
    assert refused.status_code == 422
    assert client.get(url, headers=admin_headers).get_json() == task.get_json()


def test_the_holding_service_down_is_503_and_nothing_is_written(client, admin_headers, remote):
    remote.down.add("sales")
    refused = _task(client, admin_headers, related_type="lead", related_id=str(uuid.uuid4()))
    assert refused.status_code == 503, refused.get_json()
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert client.get(f"{API}/tasks", headers=admin_headers).get_json()["items"] == []


def test_a_type_whose_service_has_no_read_yet_is_422_naming_related_type():
    class NoTickets:
        def read(self, remote, methods, request, *, token, timeout):
            return Answer(NOT_AVAILABLE_YET, reason="no GetTicket")

    records = RemoteRecords(Sources("s:1", "b:1", "t:1"), NoTickets())
    with pytest.raises(InvalidFields) as refused:
        records.check_related(Related("ticket", uuid.uuid4()))
    assert refused.value.errors[0].field == "related_type"
