"""Conversion's write transaction reuses the lead it read first only while its row is
unchanged; a lead changed meanwhile is read again, so no change is lost."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa

from crm_sales.adapters.tables import leads

API = "/api/sales/v1"


def _edit_behind_its_back(service: Any, lead_id: UUID, description: str) -> None:
    with service.db.transaction() as session:
        session.execute(
            sa.update(leads)
            .where(leads.c.id == lead_id)
            .values(description=description, version=leads.c.version + 1)
        )


def test_a_lead_read_earlier_is_adopted_only_while_its_row_is_unchanged(
    service: Any, lead: Any
) -> None:
    lead_id = UUID(lead()["id"])
    with service.uow.reading() as tx:
        copy = tx.leads.get(lead_id)
    with service.uow() as tx:
        assert tx.leads.adopt(copy)
    _edit_behind_its_back(service, lead_id, "changed")
    with service.uow() as tx:
        assert not tx.leads.adopt(copy)


def test_a_lead_changed_while_contacts_converts_it_is_converted_with_the_change(
    client: Any, admin: dict, lead: Any, service: Any, directory: Any
) -> None:
    lead_id = UUID(lead()["id"])
    convert = directory.convert_lead

    def convert_while_edited(request: Any, *, token: str | None) -> Any:
        _edit_behind_its_back(service, lead_id, "edited during the conversion")
        return convert(request, token=token)

    directory.convert_lead = convert_while_edited
    resp = client.post(f"{API}/leads/{lead_id}/convert", headers=admin, json={})
    assert resp.status_code == 201, resp.get_json()
    got = client.get(f"{API}/leads/{lead_id}", headers=admin).get_json()
    assert got["converted"] is True
    assert got["description"] == "edited during the conversion"
