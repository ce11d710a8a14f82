from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from crm_chassis.errors import AppError
from crm_identity.adapters.passwords import Argon2Hasher
from crm_identity.domain.service_accounts import ServiceAccount, validate_scopes
from crm_identity.domain.tokens import RefreshState, RefreshToken, parse_scope, user_claims

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def a_refresh_token(**fields):
    values = {
        "id": uuid4(),
        "family_id": uuid4(),
        "user_id": uuid4(),
        "issued_at": NOW,
        "expires_at": NOW + timedelta(days=30),
    }
    values.update(fields)
    return RefreshToken(**values)


def test_refresh_token_states():
    assert a_refresh_token().state(NOW) is RefreshState.USABLE
    assert a_refresh_token().state(NOW + timedelta(days=30)) is RefreshState.EXPIRED
    assert a_refresh_token(consumed_at=NOW).state(NOW) is RefreshState.CONSUMED
    assert a_refresh_token(consumed_at=NOW, revoked_at=NOW).state(NOW) is RefreshState.REVOKED


def test_user_claims_carry_what_services_need():
    uid = uuid4()
    claims = user_claims(
        user_id=uid,
        email="a@b.io",
        name="A",
        roles=("user",),
        permissions=["accounts.view"],
        now=NOW,
        ttl_seconds=900,
        jti="j1",
    )
    assert claims["iss"] == "crm-identity" and claims["aud"] == "crm"
    assert claims["sub"] == str(uid) and claims["typ"] == "user"
    assert claims["exp"] - claims["iat"] == 900
    assert claims["perms"] == ["accounts.view"] and claims["roles"] == ["user"]


def test_scope_strings_split_into_distinct_scopes():
    assert parse_scope(" a.b.read  a.b.read c.*") == ("a.b.read", "c.*")
    assert parse_scope(None) == ()


def test_scopes_must_name_service_module_and_access():
    assert validate_scopes(["contacts.accounts.read", "billing.*"]) == (
        "contacts.accounts.read",
        "billing.*",
    )
    with pytest.raises(AppError):
        validate_scopes(["everything"])


def test_a_client_gets_the_requested_subset_of_its_scopes_and_no_more():
    account = ServiceAccount(
        id=uuid4(),
        client_id="c",
        name="ERP",
        secret_hash="h",
        scopes=("contacts.accounts.read", "billing.invoices.read"),
        active=True,
        created_at=NOW,
        updated_at=NOW,
    )
    assert account.grant(()) == account.scopes
    assert account.grant(("billing.invoices.read",)) == ("billing.invoices.read",)
    with pytest.raises(AppError) as err:
        account.grant(("billing.invoices.write",))
    assert err.value.extra["error"] == "invalid_scope"


def test_argon2id_hashes_verify_and_refuse():
    hasher = Argon2Hasher(time_cost=1, memory_kib=1024, parallelism=1)
    hashed = hasher.hash("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert hasher.verify(hashed, "correct horse battery")
    assert not hasher.verify(hashed, "wrong")
    assert not hasher.verify("garbage", "wrong")
    assert Argon2Hasher(time_cost=2, memory_kib=2048, parallelism=1).needs_rehash(hashed)
