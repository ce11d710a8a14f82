"""Tokens' claims, lockout with back-off, revocation, deactivation, key rotation, accounts."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from crm_identity.api.app import build_app
from crm_identity.bootstrap import bootstrap
from crm_identity.domain import defaults
from crm_identity.domain.commands import GrantTokens, SyncSystemAccounts
from crm_identity.entrypoints import demo, keys
from crm_identity.entrypoints.migrate import run as migrate

BASE = "/api/identity/v1"
TOKEN = f"{BASE}/auth/token"


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def sign_in(client, email, password):
    return client.post(
        TOKEN, json={"grant_type": "password", "username": email, "password": password}
    )


# -- claims ------------------------------------------------------------------------------


def test_a_user_token_carries_role_permissions_and_settings(client, new_user, password_token):
    user = new_user(
        role_id=defaults.SUPPORT_AGENT,
        locale="de-CH",
        time_zone="Europe/Zurich",
        password="support-Pass-1",
    )
    claims = claims_of(password_token(user.email, "support-Pass-1")["access_token"])
    assert claims["typ"] == "user" and claims["roles"] == ["user"]
    assert claims["role_id"] == str(defaults.SUPPORT_AGENT) and claims["role"] == "Support Agent"
    assert "tickets.create" in claims["perms"] and "leads.view" not in claims["perms"]
    assert claims["locale"] == "de-CH" and claims["tz"] == "Europe/Zurich"


def test_an_admin_token_keeps_the_admin_roles_claim(password_token):
    claims = claims_of(password_token()["access_token"])
    assert claims["roles"] == ["admin"] and claims["perms"] == ["*"]
    assert claims["role_id"] == str(defaults.ORGANISATION) and claims["role"] == "Organisation"


def test_a_portal_token_carries_account_contact_and_only_portal_scopes(
    client, new_user, password_token
):
    account, contact = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-2222222"
    contact = contact + "22222"
    user = new_user(
        kind="portal", account_id=account, contact_id=contact, password="portal-Pass-12"
    )
    tokens = password_token(user.email, "portal-Pass-12")
    claims = claims_of(tokens["access_token"])
    assert claims["typ"] == "portal"
    assert claims["account_id"] == account and claims["contact_id"] == contact
    assert set(claims["scope"].split()) == {
        "portal.tickets.read",
        "portal.tickets.write",
        "portal.knowledge_base.read",
        "portal.quotes.read",
        "portal.sales_orders.read",
        "portal.invoices.read",
    }
    assert claims["roles"] == [] and claims["perms"] == []
    me = client.get(f"{BASE}/me", headers={"Authorization": "Bearer " + tokens["access_token"]})
    assert me.get_json()["kind"] == "portal" and me.get_json()["account_id"] == account
    # Portal users administer nothing.
    headers = {"Authorization": "Bearer " + tokens["access_token"]}
    assert client.get(f"{BASE}/users", headers=headers).status_code == 403


def test_me_shows_the_role_profiles_and_permissions(client, user_headers):
    me = client.get(f"{BASE}/me", headers=user_headers).get_json()
    assert me["role"] == {"id": str(defaults.SALES_REP), "name": "Sales Rep"}
    assert me["profiles"] == [{"id": str(defaults.SALES_PROFILE), "name": "Sales Profile"}]
    assert "leads.import" in me["permissions"] and me["is_admin"] is False


# -- lockout -----------------------------------------------------------------------------


def test_repeated_failures_lock_the_account_with_doubling_back_off(
    settings, identity, new_user, admin_headers
):
    user = new_user(password="locked-Pass-12")
    clock = {"now": identity.uow.clock()}
    # The same database, wired with a clock the test moves.
    client = build_app(
        bootstrap(settings, db=identity.db, clock=lambda: clock["now"])
    ).test_client()
    for _ in range(5):
        assert sign_in(client, user.email, "wrong-password-1").status_code == 400
    locked = sign_in(client, user.email, "locked-Pass-12")
    assert locked.status_code == 429
    assert locked.headers["Content-Type"].startswith("application/problem+json")
    assert locked.headers["Retry-After"] == "30"
    clock["now"] += timedelta(seconds=31)
    for _ in range(5):
        assert sign_in(client, user.email, "wrong-password-1").status_code == 400
    again = sign_in(client, user.email, "locked-Pass-12")
    assert again.status_code == 429 and again.headers["Retry-After"] == "60"
    clock["now"] += timedelta(seconds=61)
    assert sign_in(client, user.email, "locked-Pass-12").status_code == 200
    audit = client.get(
        f"{BASE}/audit-events?type=user.locked_out&subject_id={user.id}", headers=admin_headers
    ).get_json()["items"]
    assert len(audit) == 2
    failed = client.get(
        f"{BASE}/audit-events?type=sign_in.failed&actor_id={user.id}", headers=admin_headers
    ).get_json()["items"]
    assert len(failed) == 10


def test_unknown_addresses_lock_the_same_way(client):
    for _ in range(5):
        sign_in(client, "nobody@example.test", "wrong-password-1")
    resp = sign_in(client, "nobody@example.test", "wrong-password-1")
    assert resp.status_code == 429 and "Retry-After" in resp.headers


def test_sign_ins_are_audited_and_the_audit_log_pages(client, admin_headers, password_token):
    for _ in range(3):
        password_token()
    first = client.get(
        f"{BASE}/audit-events?type=sign_in.succeeded&limit=2", headers=admin_headers
    ).get_json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(
        f"{BASE}/audit-events?type=sign_in.succeeded&limit=2&cursor=" + first["next_cursor"],
        headers=admin_headers,
    ).get_json()
    ids = [i["id"] for i in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) >= 4
    assert (
        client.get(f"{BASE}/audit-events?cursor=garbage", headers=admin_headers).status_code == 400
    )
    assert (
        client.get(f"{BASE}/audit-events?since=yesterday", headers=admin_headers).status_code == 422
    )


# -- revocation and deactivation ---------------------------------------------------------


def test_revoke_ends_the_refresh_family_and_answers_200_for_unknown_tokens(
    client, new_user, password_token, admin_headers
):
    user = new_user(password="revoke-Pass-12")
    tokens = password_token(user.email, "revoke-Pass-12")
    resp = client.post(f"{BASE}/auth/revoke", data={"token": tokens["refresh_token"]})
    assert resp.status_code == 200
    refresh = client.post(
        TOKEN, json={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert refresh.status_code == 400 and refresh.get_json()["error"] == "invalid_grant"
    assert client.post(f"{BASE}/auth/revoke", json={"token": "nope"}).status_code == 200
    assert client.post(f"{BASE}/auth/revoke", json={}).status_code == 400
    audit = client.get(
        f"{BASE}/audit-events?type=token.revoked&subject_id={user.id}", headers=admin_headers
    ).get_json()["items"]
    assert audit and audit[0]["details"]["reason"] == "revocation"


def test_deactivation_revokes_every_refresh_token_at_once(
    client, new_user, password_token, admin_headers
):
    user = new_user(password="device-Pass-12")
    sessions = [password_token(user.email, "device-Pass-12") for _ in range(2)]
    resp = client.post(f"{BASE}/users/{user.id}/deactivate", headers=admin_headers)
    assert resp.status_code == 200
    for tokens in sessions:
        refresh = client.post(
            TOKEN, json={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
        )
        assert refresh.status_code == 400 and refresh.get_json()["error"] == "invalid_grant"
    assert (
        client.post(f"{BASE}/users/{user.id}/deactivate", headers=admin_headers).status_code == 200
    )  # idempotent
    missing = "00000000-0000-4000-8000-000000000000"
    assert (
        client.post(f"{BASE}/users/{missing}/deactivate", headers=admin_headers).status_code == 404
    )


# -- signing keys ----------------------------------------------------------------------------


def test_rotation_keeps_old_tokens_valid_and_signs_new_ones_with_the_new_key(
    client, admin_headers, password_token, user_headers
):
    old_kid = jwt.get_unverified_header(admin_headers["Authorization"].split()[1])["kid"]
    resp = client.post(f"{BASE}/signing-keys/rotate", headers=admin_headers)
    assert resp.status_code == 200
    new_kid = resp.get_json()["kid"]
    assert new_kid != old_kid
    kids = {k["kid"] for k in client.get(f"{BASE}/jwks").get_json()["keys"]}
    assert kids == {old_kid, new_kid}
    # The old token still works (verified against the JWKS) ...
    assert client.get(f"{BASE}/me", headers=admin_headers).status_code == 200
    # ... and new tokens carry the new kid.
    assert jwt.get_unverified_header(password_token()["access_token"])["kid"] == new_kid
    assert client.post(f"{BASE}/signing-keys/rotate", headers=user_headers).status_code == 403


def test_retired_keys_leave_the_jwks_after_the_grace(client, identity):
    old = identity.keys.current().kid
    identity.keys.rotate(identity.uow.clock(), grace_seconds=-1)
    kids = {k["kid"] for k in client.get(f"{BASE}/jwks").get_json()["keys"]}
    assert old not in kids and len(kids) == 1


def test_the_keys_cli_rotates(tmp_path, monkeypatch, capsys, settings_for):
    settings = settings_for(tmp_path)
    migrate(settings)
    monkeypatch.setenv("IDENTITY_DATABASE_URL", settings.database_url)
    keys.main(["rotate"])
    kid = capsys.readouterr().out.strip().splitlines()[-1]
    app = bootstrap(settings)
    assert app.keys.current().kid == kid and len(app.keys.jwks()["keys"]) == 2
    app.db.dispose()


# -- system service accounts and the demo ------------------------------------------------


def test_system_service_accounts_follow_the_environment(tmp_path, monkeypatch, settings_for):
    monkeypatch.setenv("CRM_SERVICE_SECRET_CONTACTS", "first-secret")
    settings = settings_for(tmp_path)
    migrate(settings)
    app = bootstrap(settings)

    def grant(secret):
        return app.run(
            GrantTokens(
                grant_type="client_credentials", client_id="svc-contacts", client_secret=secret
            )
        )

    def sync(secrets):
        return app.run(SyncSystemAccounts(secrets=secrets))

    scopes = grant("first-secret").scope.split()
    # Only the policy fetch: reads for a user carry the user's token, never these.
    assert scopes == ["identity.policy.read"]
    # A changed secret replaces the hash on the next start; the old one stops working.
    assert sync({"contacts": "second-secret"}) == ["svc-contacts"]
    assert sync({"contacts": "second-secret"}) == []
    assert grant("second-secret").access_token
    with pytest.raises(Exception, match="client id or secret"):
        grant("first-secret")
    app.db.dispose()


def test_the_demo_data_loads_twice_without_duplicates(identity, client):
    first = demo.load(identity)
    second = demo.load(identity)
    assert first == second and len(first) == len(demo.USERS)
    resp = sign_in(client, "rep.one@crm.local", demo.PASSWORD)
    assert claims_of(resp.get_json()["access_token"])["role"] == "Sales Rep"
    portal = claims_of(
        sign_in(client, "customer@client.demo", demo.PASSWORD).get_json()["access_token"]
    )
    assert portal["typ"] == "portal" and portal["account_id"] == str(demo.PORTAL_ACCOUNT_ID)
    finance = client.post(
        TOKEN,
        json={
            "grant_type": "client_credentials",
            "client_id": demo.FINANCE_CLIENT_ID,
            "client_secret": demo.FINANCE_SECRET,
        },
    ).get_json()
    assert finance["scope"] == (
        "billing.invoices.read billing.payments.read billing.payments.write contacts.accounts.read"
    )
    assert len(identity.queries.groups()) == 1 and len(identity.queries.sharing_rules()) == 1
