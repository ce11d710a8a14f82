"""Issue 3's sign-in security seen from outside: lockout, refresh-token reuse, deactivation
reaching another service within seconds, key rotation, and what non-user tokens may reach."""

from __future__ import annotations

import uuid
from typing import Any

import jwt
import requests

IDENTITY = "/api/identity/v1"
CONTACTS = "/api/contacts/v1"
PASSWORD = "Corr3ct-horse-battery"


def new_user(gw: str, admin: dict[str, str], **extra: Any) -> tuple[str, str]:
    email = f"sec-{uuid.uuid4().hex[:10]}@e2e.test"
    resp = requests.post(
        f"{gw}{IDENTITY}/users",
        json={"email": email, "display_name": email, "password": PASSWORD, **extra},
        headers=admin,
        timeout=10,
    )
    assert resp.status_code == 201, resp.text
    return email, resp.json()["id"]


def token(gw: str, **form: str) -> requests.Response:
    return requests.post(f"{gw}{IDENTITY}/auth/token", json=form, timeout=10)


def password_grant(gw: str, email: str, password: str = PASSWORD) -> requests.Response:
    return token(gw, grant_type="password", username=email, password=password)


def test_repeated_failures_lock_the_account(gw, admin):
    email, _ = new_user(gw, admin)
    answers = [password_grant(gw, email, "wrong-password-123").status_code for _ in range(5)]
    assert set(answers) == {400} or set(answers) == {401}, answers
    locked = password_grant(gw, email)  # even the right password, while locked
    assert locked.status_code == 429, locked.text
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.headers["Content-Type"].startswith("application/problem+json")
    # The lockout is audited.
    audit = requests.get(
        f"{gw}{IDENTITY}/audit-events", params={"limit": 100}, headers=admin, timeout=10
    )
    assert audit.status_code == 200
    types = {e["type"] for e in audit.json()["items"]}
    assert any("lock" in t for t in types), types


def test_reusing_a_spent_refresh_token_revokes_its_family(gw, admin):
    email, _ = new_user(gw, admin)
    first = password_grant(gw, email).json()
    second = token(gw, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert second.status_code == 200, second.text
    reuse = token(gw, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    # The thief's reuse also ends the legitimate holder's newer token.
    newer = token(gw, grant_type="refresh_token", refresh_token=second.json()["refresh_token"])
    assert newer.status_code == 400


def test_logout_revokes_the_refresh_token(gw, admin):
    email, _ = new_user(gw, admin)
    issued = password_grant(gw, email).json()
    resp = requests.post(
        f"{gw}{IDENTITY}/auth/revoke", json={"token": issued["refresh_token"]}, timeout=10
    )
    assert resp.status_code == 200
    again = token(gw, grant_type="refresh_token", refresh_token=issued["refresh_token"])
    assert again.status_code == 400


def test_deactivation_reaches_contacts_within_seconds(gw, admin, eventually):
    email, user_id = new_user(gw, admin)
    issued = password_grant(gw, email).json()
    headers = {"Authorization": f"Bearer {issued['access_token']}"}
    # The newcomer reaches contacts (their own empty list) before deactivation...
    eventually(
        lambda: (
            requests.get(f"{gw}{CONTACTS}/accounts", headers=headers, timeout=10).status_code == 200
        )
    )
    resp = requests.post(f"{gw}{IDENTITY}/users/{user_id}/deactivate", headers=admin, timeout=10)
    assert resp.status_code == 200, resp.text
    # ...and the same, unexpired access token is refused there within seconds.
    eventually(
        lambda: (
            requests.get(f"{gw}{CONTACTS}/accounts", headers=headers, timeout=10).status_code == 401
        ),
        timeout=10,
    )
    refreshed = token(gw, grant_type="refresh_token", refresh_token=issued["refresh_token"])
    assert refreshed.status_code == 400
    assert password_grant(gw, email).status_code in (400, 401)


def test_key_rotation_keeps_old_tokens_valid(gw, admin, admin_token, eventually):
    email, _ = new_user(gw, admin)
    old = password_grant(gw, email).json()["access_token"]
    old_kid = jwt.get_unverified_header(old)["kid"]
    resp = requests.post(f"{gw}{IDENTITY}/signing-keys/rotate", headers=admin, timeout=10)
    assert resp.status_code in (200, 201), resp.text
    jwks = requests.get(f"{gw}{IDENTITY}/jwks", timeout=10).json()
    kids = {k["kid"] for k in jwks["keys"]}
    assert old_kid in kids and len(kids) >= 2
    new = password_grant(gw, email).json()["access_token"]
    assert jwt.get_unverified_header(new)["kid"] != old_kid
    for access in (old, new):
        got = eventually(
            lambda access=access: (
                requests.get(
                    f"{gw}{CONTACTS}/accounts",
                    headers={"Authorization": f"Bearer {access}"},
                    timeout=10,
                ).status_code
                == 200
            )
        )
        assert got


def test_portal_and_service_tokens_reach_only_their_scopes(gw, admin, eventually):
    email, _ = new_user(
        gw, admin, kind="portal", account_id=str(uuid.uuid4()), contact_id=str(uuid.uuid4())
    )
    portal = password_grant(gw, email).json()
    claims = jwt.decode(portal["access_token"], options={"verify_signature": False})
    assert claims["typ"] == "portal" and claims["account_id"]
    headers = {"Authorization": f"Bearer {portal['access_token']}"}
    assert requests.get(f"{gw}{CONTACTS}/accounts", headers=headers, timeout=10).status_code == 403
    assert requests.get(f"{gw}{IDENTITY}/users", headers=headers, timeout=10).status_code == 403

    created = requests.post(
        f"{gw}{IDENTITY}/service-accounts",
        json={"name": f"finance-{uuid.uuid4().hex[:6]}", "scopes": ["billing.invoices.read"]},
        headers=admin,
        timeout=10,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    svc = token(
        gw,
        grant_type="client_credentials",
        client_id=body["client_id"],
        client_secret=body["client_secret"],
    )
    assert svc.status_code == 200, svc.text
    svc_headers = {"Authorization": f"Bearer {svc.json()['access_token']}"}
    resp = requests.get(f"{gw}{CONTACTS}/accounts", headers=svc_headers, timeout=10)
    assert resp.status_code == 403
    # No interactive login for a service account.
    assert password_grant(gw, body["client_id"], body["client_secret"]).status_code in (400, 401)
