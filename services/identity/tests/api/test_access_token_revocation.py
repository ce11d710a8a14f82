"""Revocation revokes (issue 12, case 7): ``POST /auth/revoke`` with an access token ends
that token (by ``jti``); a revoked or replayed refresh family ends its access tokens (by
``sid``). Identity refuses them at once; every other service through the policy snapshot
it publishes (``revocations``), the same path as a deactivation."""

from __future__ import annotations

import jwt

BASE = "/api/identity/v1"
TOKEN = f"{BASE}/auth/token"


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _me(client, access: str) -> int:
    return client.get(f"{BASE}/me", headers={"Authorization": f"Bearer {access}"}).status_code


def test_revoking_an_access_token_ends_it_everywhere(client, new_user, password_token, policy):
    user = new_user(password="revoke-Pass-12")
    first = password_token(user.email, "revoke-Pass-12")
    second = password_token(user.email, "revoke-Pass-12")
    assert _me(client, first["access_token"]) == 200
    resp = client.post(f"{BASE}/auth/revoke", data={"token": first["access_token"]})
    assert resp.status_code == 200
    assert _me(client, first["access_token"]) == 401
    assert _me(client, second["access_token"]) == 200  # only that token
    published = {(r.kind, r.id) for r in policy.latest().revocations}
    assert ("token", _claims(first["access_token"])["jti"]) in published
    # Its refresh token still works: revoking an access token is not a sign-out.
    refreshed = client.post(
        TOKEN, json={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert refreshed.status_code == 200


def test_revoking_a_refresh_token_ends_the_access_tokens_of_its_family(
    client, new_user, password_token, policy
):
    user = new_user(password="family-Pass-12")
    tokens = password_token(user.email, "family-Pass-12")
    session = _claims(tokens["access_token"])["sid"]
    assert (
        client.post(f"{BASE}/auth/revoke", data={"token": tokens["refresh_token"]}).status_code
        == 200
    )
    assert _me(client, tokens["access_token"]) == 401
    assert ("session", session) in {(r.kind, r.id) for r in policy.latest().revocations}


def test_a_replayed_refresh_token_ends_every_access_token_of_the_family(
    client, new_user, password_token, policy
):
    user = new_user(password="replay-Pass-12")
    tokens = password_token(user.email, "replay-Pass-12")
    rotated = client.post(
        TOKEN, json={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    ).get_json()
    assert _me(client, rotated["access_token"]) == 200
    replay = client.post(
        TOKEN, json={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    )
    assert replay.status_code == 400
    assert _me(client, tokens["access_token"]) == 401
    assert _me(client, rotated["access_token"]) == 401
    session = _claims(rotated["access_token"])["sid"]
    assert ("session", session) in {(r.kind, r.id) for r in policy.latest().revocations}


def test_a_service_token_can_be_revoked(client, admin_headers):
    made = client.post(
        f"{BASE}/service-accounts",
        headers=admin_headers,
        json={"name": "ERP", "scopes": ["identity.users.read"]},
    ).get_json()
    issued = client.post(
        TOKEN,
        json={
            "grant_type": "client_credentials",
            "client_id": made["client_id"],
            "client_secret": made["client_secret"],
        },
    ).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {issued}"}
    assert client.get(f"{BASE}/users", headers=headers).status_code == 200
    assert client.post(f"{BASE}/auth/revoke", json={"token": issued}).status_code == 200
    assert client.get(f"{BASE}/users", headers=headers).status_code == 401
