"""``service-accounts create`` and ``users create-admin`` on a migrated identity database."""

from __future__ import annotations

import json

import pytest

from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings
from crm_identity.entrypoints.migrate import run as migrate_identity


@pytest.fixture
def identity_db(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'identity.db'}"
    monkeypatch.setenv("IDENTITY_DATABASE_URL", url)
    monkeypatch.delenv("CRM_ADMIN_EMAIL", raising=False)
    monkeypatch.delenv("CRM_ADMIN_PASSWORD", raising=False)
    migrate_identity(Settings())
    return url


def _app():
    return bootstrap(Settings())


def test_a_service_account_is_made_and_its_secret_shown_once(run, identity_db: str) -> None:
    result = run(
        "--json",
        "service-accounts",
        "create",
        "ERP",
        "--scope",
        "billing.invoices.read",
        "--scope",
        "billing.payments.read billing.payments.write",
        "--client-id",
        "erp-1",
    )
    assert result.exit_code == 0, result.output
    made = json.loads(result.stdout)
    assert made["client_id"] == "erp-1" and len(made["client_secret"]) >= 20
    assert made["scopes"] == [
        "billing.invoices.read",
        "billing.payments.read",
        "billing.payments.write",
    ]
    app = _app()
    try:
        with app.uow.read() as tx:
            stored = tx.service_accounts.by_client_id("erp-1")
    finally:
        app.db.dispose()
    assert stored is not None and made["client_secret"] not in stored.secret_hash

    again = run("service-accounts", "create", "ERP", "--scope", "x.y.read", "--client-id", "erp-1")
    assert again.exit_code == 1 and "Error:" in again.output


def test_create_admin_reads_the_password_from_stdin(run, identity_db: str) -> None:
    result = run(
        "users",
        "create-admin",
        "ops@crm.test",
        "--password-stdin",
        input="Quite-a-long-passphrase-2026\n",
    )
    assert result.exit_code == 0, result.output
    assert "created administrator ops@crm.test" in result.output
    assert "Quite-a-long-passphrase-2026" not in result.output
    app = _app()
    try:
        with app.uow.read() as tx:
            user = tx.users.by_email("ops@crm.test")
    finally:
        app.db.dispose()
    assert user is not None and user.is_admin


def test_create_admin_prompts_twice_and_refuses_a_weak_password(run, identity_db: str) -> None:
    weak = run("users", "create-admin", "weak@crm.test", input="abc\nabc\n")
    assert weak.exit_code == 1 and "password" in weak.output.lower()
    taken = run(
        "users",
        "create-admin",
        "twice@crm.test",
        "--password-stdin",
        input="Quite-a-long-passphrase-2026\n",
    )
    assert taken.exit_code == 0, taken.output
    again = run(
        "users",
        "create-admin",
        "twice@crm.test",
        "--password-stdin",
        input="Quite-a-long-passphrase-2026\n",
    )
    assert again.exit_code == 1 and "already exists" in again.output
