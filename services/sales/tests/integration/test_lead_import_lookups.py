"""A lead import looks duplicates up set at a time (issue 15) and flags the same ones as
capturing the leads one by one did: the oldest stored lead first, then the file's own
earlier rows; a bad row anywhere still imports nothing."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from crm_chassis.db import utcnow
from crm_sales.domain.imports import duplicate_keys, row_fields
from crm_sales.domain.leads import Lead

API = "/api/sales/v1"


def _import(client: Any, admin: dict, csv: str) -> Any:
    resp = client.post(f"{API}/leads/imports", headers=admin, json={"csv": csv, "mapping": {}})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _lead(client: Any, admin: dict, lead_id: str) -> dict:
    return client.get(f"{API}/leads/{lead_id}", headers=admin).get_json()


def _count_lead_selects(service: Any) -> list[str]:
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM leads" in statement:
            seen.append(statement)

    sa.event.listen(service.db.engine, "before_cursor_execute", before)
    return seen


def test_stored_and_in_file_duplicates_are_flagged_with_few_queries(
    service: Any, client: Any, admin: dict
) -> None:
    first = _import(client, admin, "last_name,company,email\nLovelace,Analytical,ada@a.example\n")
    [stored] = first["created_ids"]
    rows = ["last_name,first_name,company,email"]
    rows += [f"Row{i},X,Co {i},r{i}@x.example" for i in range(300)]
    rows.append("Byron,,Other,ADA@a.example")  # the stored lead's e-mail
    rows.append(" lovelace ,,analytical ,")  # the stored lead's name and company
    rows.append("Row7,X,Co 7,")  # an earlier row of this file (name and company)
    seen = _count_lead_selects(service)
    report = _import(client, admin, "\n".join(rows) + "\n")
    ids = report["created_ids"]
    assert len(ids) == 303
    by_email, by_name, in_file = (_lead(client, admin, x) for x in ids[-3:])
    assert by_email["duplicate_of"] == stored and by_name["duplicate_of"] == stored
    assert in_file["possible_duplicate"] is True and in_file["duplicate_of"] == ids[7]
    assert _lead(client, admin, ids[0])["possible_duplicate"] is False
    # A look-up per key set, not per row (the one-by-one path asked 303 times).
    assert 0 < len(seen) < 10


def test_the_keys_looked_up_are_the_keys_a_lead_is_matched_on() -> None:
    row = {"first_name": " Ada ", "last_name": "Lovelace ", "company": " Analytical "}
    fields = row_fields({**row, "email": "A@B.example "}, {})
    lead = Lead.capture(
        id=uuid.uuid4(), owner_id=None, now=utcnow(), by="t", origin="import", fields=fields
    )
    assert duplicate_keys(fields) == (lead.email_lc, lead.name_key)


def test_a_bad_row_late_in_a_large_file_imports_nothing(client: Any, admin: dict) -> None:
    rows = ["last_name,email"] + [f"Row{i},r{i}@x.example" for i in range(2500)]
    rows.insert(2400, "Bad,not-an-email")
    report = _import(client, admin, "\n".join(rows) + "\n")
    assert [(r["line"], r["errors"][0]["field"]) for r in report["rejected"]] == [(2401, "email")]
    assert report["created_ids"] == []
    assert client.get(f"{API}/leads", headers=admin).get_json()["items"] == []
