"""Ageing and KPIs on a fixed clock; the overdue check emits its event once per level."""

import json
from datetime import date

import sqlalchemy as sa

from crm_billing.adapters.tables import event_tables
from crm_billing.domain.commands import RunOverdueCheck
from tests.conftest import API


def _pay(client, admin, account_id, amount, **extra):
    body = {"account_id": account_id, "amount": amount, "currency": "EUR", **extra}
    assert client.post(f"{API}/payments", json=body, headers=admin).status_code == 201


def test_partial_payments_and_ageing_on_a_fixed_date(
    client, admin, account_id, create_invoice, clock
):
    old = create_invoice(approve=True, invoice_date="2026-01-01", due_date="2026-01-10")
    mid = create_invoice(approve=True, invoice_date="2026-02-01", due_date="2026-02-20")
    new = create_invoice(approve=True, invoice_date="2026-03-01")  # due 03-31
    clock.set(date(2026, 3, 15))
    _pay(
        client,
        admin,
        account_id,
        "71.36",
        received_on="2026-03-15",
        allocations=[{"invoice_id": old["id"]}],
    )
    report = client.get(f"{API}/reports/ageing?as_of=2026-04-15", headers=admin).get_json()
    [row] = report["accounts"]
    # old: 171.36 - 71.36 = 100.00, 95 days past due; mid: 54 days; new: 15 days.
    assert row["days_over_90"] == "100.00"
    assert row["days_31_60"] == "171.36"
    assert row["days_1_30"] == "171.36"
    assert row["current"] == "0.00" and row["total"] == "442.72"
    assert report["totals"][0]["total"] == "442.72"
    # As of before the payment: the whole old invoice is open.
    earlier = client.get(f"{API}/reports/ageing?as_of=2026-03-14", headers=admin).get_json()
    assert earlier["accounts"][0]["days_61_90"] == "171.36"
    assert earlier["accounts"][0]["current"] == "171.36"
    assert new["id"]
    only = client.get(
        f"{API}/reports/ageing?as_of=2026-04-15&account_id={mid['account_id']}", headers=admin
    ).get_json()
    assert only["accounts"][0]["total"] == "442.72"
    bad = client.get(f"{API}/reports/ageing?as_of=yesterday", headers=admin)
    assert bad.status_code == 422


def test_kpis_over_a_quarter(client, admin, account_id, create_invoice, clock):
    create_invoice(approve=True, invoice_date="2026-01-05")
    create_invoice(approve=True, invoice_date="2026-02-05")
    clock.set(date(2026, 3, 20))
    _pay(client, admin, account_id, "171.36", received_on="2026-03-20")
    body = client.get(f"{API}/reports/kpis?from=2026-01-01&to=2026-03-31", headers=admin).get_json()
    [eur] = body["currencies"]
    assert eur["revenue"] == "342.72"
    assert eur["revenue_by_period"] == [
        {"period": "2026-01", "amount": "171.36"},
        {"period": "2026-02", "amount": "171.36"},
    ]
    assert eur["outstanding_receivables"] == "171.36"
    assert eur["collection_rate"] == "0.5000"
    assert eur["dso_days"] == "45.0"
    assert (
        client.get(f"{API}/reports/kpis?from=2026-03-01&to=2026-01-01", headers=admin).status_code
        == 422
    )


def _overdue_events(service):
    with service.db.reading() as s:
        found = s.execute(
            sa.select(event_tables.outbox.c.body).where(
                event_tables.outbox.c.type == "billing.invoice.overdue.v1"
            )
        ).all()
    return [json.loads(r[0])["data"] for r in found]


def test_overdue_check_emits_once_per_invoice_and_level(client, admin, create_invoice, service):
    invoice = create_invoice(approve=True, due_date="2026-03-10")
    paid = create_invoice(approve=True, due_date="2026-03-10")
    _pay(client, admin, paid["account_id"], "171.36", allocations=[{"invoice_id": paid["id"]}])
    assert service.run(RunOverdueCheck(today=date(2026, 3, 10))).reminders == 0
    assert service.run(RunOverdueCheck(today=date(2026, 3, 11))).reminders == 1
    assert service.run(RunOverdueCheck(today=date(2026, 3, 12))).reminders == 0
    assert service.run(RunOverdueCheck(today=date(2026, 3, 11))).reminders == 0
    assert service.run(RunOverdueCheck(today=date(2026, 3, 25))).reminders == 1  # 15 days: level 2
    assert service.run(RunOverdueCheck(today=date(2026, 3, 25))).reminders == 0
    events = _overdue_events(service)
    assert [(e["invoice_id"], e["level"], e["days_overdue"]) for e in events] == [
        (invoice["id"], 1, 1),
        (invoice["id"], 2, 15),
    ]
    after = client.get(f"{API}/invoices/{invoice['id']}", headers=admin).get_json()
    assert after["status"] == "Overdue" and after["dunning_level"] == 2
    assert after["last_reminder_on"] == "2026-03-25"
    reminders = client.get(f"{API}/invoices/{invoice['id']}/reminders", headers=admin).get_json()[
        "items"
    ]
    assert [(r["level"], r["reminded_on"]) for r in reminders] == [
        (1, "2026-03-11"),
        (2, "2026-03-25"),
    ]
    assert client.get(f"{API}/invoices/{paid['id']}", headers=admin).get_json()["status"] == "Paid"


def test_the_overdue_console_script_runs_one_pass(
    monkeypatch, settings, create_invoice, capsys, service
):
    from crm_billing.entrypoints import overdue

    create_invoice(approve=True, due_date="2026-03-10")
    monkeypatch.setenv("BILLING_DATABASE_URL", settings.database_url)
    overdue.main(["--today", "2026-05-20"])
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {
        "checked": 1,
        "reminders": 1,
    }
    assert [e["level"] for e in _overdue_events(service)] == [4]
