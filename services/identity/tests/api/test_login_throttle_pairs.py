"""Failed-login throttling is per (account, client address) pair (issue 12, case 5): one
caller's failures lock only its own pair, never the account for everyone, nor every
service account behind the same proxy. A per-account ceiling slows only the addresses that
failed for the account."""

from __future__ import annotations

import pytest

from crm_identity.api.app import build_app
from crm_identity.bootstrap import bootstrap

from ..conftest import ADMIN_EMAIL, ADMIN_PASSWORD, BASE

TOKEN = f"{BASE}/auth/token"


def _from(client, ip, **body):
    return client.post(TOKEN, json=body, headers={"X-Forwarded-For": ip})


def _client_grant(client, ip, client_id, secret):
    return _from(
        client, ip, grant_type="client_credentials", client_id=client_id, client_secret=secret
    )


@pytest.fixture
def two_service_accounts(client, admin_headers):
    made = []
    for name in ("ERP", "Warehouse"):
        resp = client.post(
            f"{BASE}/service-accounts",
            headers=admin_headers,
            json={"name": name, "scopes": ["contacts.accounts.read"]},
        )
        assert resp.status_code == 201
        made.append(resp.get_json())
    return made


def test_an_anonymous_caller_locks_only_its_own_pair_of_a_service_account(
    client, two_service_accounts
):
    erp, warehouse = two_service_accounts
    attacker = "203.0.113.7"
    for _ in range(5):
        assert _client_grant(client, attacker, erp["client_id"], "wrong").status_code == 401
    locked = _client_grant(client, attacker, erp["client_id"], erp["client_secret"])
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    # The same address can still authenticate other service accounts...
    other = _client_grant(client, attacker, warehouse["client_id"], warehouse["client_secret"])
    assert other.status_code == 200
    # ...and the locked account still works from its own host.
    owner = _client_grant(client, "10.0.0.5", erp["client_id"], erp["client_secret"])
    assert owner.status_code == 200


def test_failures_for_many_service_accounts_from_one_address_lock_none_elsewhere(
    client, two_service_accounts
):
    for n in range(40):  # well past the per-address password limit
        _client_grant(client, "203.0.113.8", f"svc-guess-{n}", "wrong")
    for account in two_service_accounts:
        ok = _client_grant(client, "203.0.113.8", account["client_id"], account["client_secret"])
        assert ok.status_code == 200


def test_a_password_lockout_does_not_reach_the_owner_at_another_address(client):
    for _ in range(5):
        _from(client, "203.0.113.9", grant_type="password", username=ADMIN_EMAIL, password="no")
    locked = _from(
        client, "203.0.113.9", grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    )
    assert locked.status_code == 429
    owner = _from(
        client, "198.51.100.2", grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    )
    assert owner.status_code == 200


def test_the_account_ceiling_slows_failing_addresses_but_not_a_clean_one(settings, identity):
    tight = settings.model_copy(update={"login_max_failures_per_account": 6})
    client = build_app(bootstrap(tight, db=identity.db)).test_client()
    for n in range(3):  # a distributed guesser: two failures from each of three addresses
        for _ in range(2):
            ip = f"203.0.113.{n}"
            _from(client, ip, grant_type="password", username=ADMIN_EMAIL, password="x")
    slowed = _from(
        client, "203.0.113.1", grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    )
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) > 0
    clean = _from(
        client, "198.51.100.3", grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    )
    assert clean.status_code == 200
