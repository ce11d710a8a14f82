import base64

import jwt
import pytest

from crm_identity.domain.commands import ChangeUser
from crm_identity.domain.users import UserFields
from crm_identity.service.audit import SYSTEM

ADMIN_EMAIL = "admin@example.test"
ADMIN_PASSWORD = "admin-password-1"
BASE = "/api/identity/v1"
TOKEN = f"{BASE}/auth/token"


def token_request(client, **params):
    return client.post(TOKEN, json=params)


def test_password_grant_answers_per_rfc_6749(client):
    resp = token_request(
        client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert body["access_token"] and body["refresh_token"]
    assert resp.headers["Cache-Control"] == "no-store"


def test_form_encoded_bodies_are_accepted(client):
    resp = client.post(
        TOKEN,
        data={"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
    )
    assert resp.status_code == 200, resp.get_json()


def test_sign_in_is_case_insensitive_on_the_email(client):
    resp = token_request(
        client, grant_type="password", username=ADMIN_EMAIL.upper(), password=ADMIN_PASSWORD
    )
    assert resp.status_code == 200


def test_a_wrong_password_and_an_unknown_email_look_the_same(client):
    wrong = token_request(client, grant_type="password", username=ADMIN_EMAIL, password="x" * 12)
    unknown = token_request(
        client, grant_type="password", username="nobody@example.test", password="x" * 12
    )
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.headers["Content-Type"] == "application/problem+json"
    a, b = wrong.get_json(), unknown.get_json()
    assert a["error"] == b["error"] == "invalid_grant"
    assert a["detail"] == b["detail"] and a["error_description"] == b["error_description"]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, "invalid_request"),
        ({"grant_type": "password", "username": ADMIN_EMAIL}, "invalid_request"),
        ({"grant_type": "authorization_code", "code": "x"}, "unsupported_grant_type"),
        ({"grant_type": "refresh_token"}, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": "forged"}, "invalid_grant"),
    ],
)
def test_bad_token_requests_are_400_with_an_oauth_error(client, params, error):
    resp = token_request(client, **params)
    assert resp.status_code == 400
    assert resp.get_json()["error"] == error


def test_a_text_body_is_415(client):
    resp = client.post(TOKEN, data="grant_type=password", content_type="text/plain")
    assert resp.status_code == 415


def test_unknown_parameters_are_ignored_as_rfc_6749_requires(client):
    resp = token_request(
        client,
        grant_type="password",
        username=ADMIN_EMAIL,
        password=ADMIN_PASSWORD,
        client_name="my app",
    )
    assert resp.status_code == 200


def test_the_access_token_verifies_against_the_jwks_with_audience_check(client):
    access = token_request(
        client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    ).get_json()["access_token"]
    jwks = client.get(f"{BASE}/jwks").get_json()
    kid = jwt.get_unverified_header(access)["kid"]
    [jwk] = [k for k in jwks["keys"] if k["kid"] == kid]
    key = jwt.PyJWK(jwk).key
    claims = jwt.decode(access, key, algorithms=["RS256"], audience="crm", issuer="crm-identity")
    assert claims["typ"] == "user" and claims["roles"] == ["admin"] and claims["perms"] == ["*"]
    assert claims["email"] == ADMIN_EMAIL and claims["jti"] and claims["exp"] > claims["iat"]
    with pytest.raises(jwt.InvalidAudienceError):
        jwt.decode(access, key, algorithms=["RS256"], audience="someone-else")


def test_refresh_rotates_and_reuse_revokes_the_family(client):
    first = token_request(
        client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    ).get_json()["refresh_token"]
    second_resp = token_request(client, grant_type="refresh_token", refresh_token=first)
    assert second_resp.status_code == 200
    second = second_resp.get_json()["refresh_token"]
    assert second != first

    reuse = token_request(client, grant_type="refresh_token", refresh_token=first)
    assert reuse.status_code == 400 and reuse.get_json()["error"] == "invalid_grant"
    # The thief's reuse also ended the legitimate holder's newer token.
    after = token_request(client, grant_type="refresh_token", refresh_token=second)
    assert after.status_code == 400


def test_a_session_from_another_sign_in_survives_reuse_in_one_family(client):
    a = token_request(
        client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    ).get_json()["refresh_token"]
    b = token_request(
        client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    ).get_json()["refresh_token"]
    token_request(client, grant_type="refresh_token", refresh_token=a)
    token_request(client, grant_type="refresh_token", refresh_token=a)  # reuse
    assert token_request(client, grant_type="refresh_token", refresh_token=b).status_code == 200


def test_revocation_ends_the_family_and_answers_200_for_unknown_tokens(client):
    refresh = token_request(
        client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    ).get_json()["refresh_token"]
    assert client.post(f"{BASE}/auth/revoke", data={"token": refresh}).status_code == 200
    again = token_request(client, grant_type="refresh_token", refresh_token=refresh)
    assert again.status_code == 400
    assert client.post(f"{BASE}/auth/revoke", json={"token": "unknown"}).status_code == 200
    assert client.post(f"{BASE}/auth/revoke", json={}).status_code == 400


def test_five_failures_for_one_email_are_rate_limited_with_retry_after(client, identity):
    for _ in range(5):
        resp = token_request(
            client, grant_type="password", username=ADMIN_EMAIL, password="wrong-password"
        )
        assert resp.status_code == 400
    # Even the right password waits now: that is the point of the limit.
    limited = token_request(
        client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD
    )
    assert limited.status_code == 429
    assert limited.headers["Content-Type"] == "application/problem+json"
    assert 0 < int(limited.headers["Retry-After"]) <= 300
    assert limited.get_json()["status"] == 429


def test_a_successful_sign_in_resets_the_count_for_the_email(client):
    for _ in range(4):
        token_request(client, grant_type="password", username=ADMIN_EMAIL, password="wrong-pass")
    ok = token_request(client, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD)
    assert ok.status_code == 200
    for _ in range(4):
        resp = token_request(
            client, grant_type="password", username=ADMIN_EMAIL, password="wrong-pass"
        )
        assert resp.status_code == 400


def test_failures_from_one_address_are_limited_across_emails(client, settings):
    headers = {"X-Forwarded-For": "203.0.113.9"}
    for n in range(settings.login_max_failures_per_ip):
        client.post(
            TOKEN,
            headers=headers,
            json={"grant_type": "password", "username": f"u{n}@x.test", "password": "wrong-pass"},
        )
    resp = client.post(
        TOKEN,
        headers=headers,
        json={"grant_type": "password", "username": "fresh@x.test", "password": "wrong-pass"},
    )
    assert resp.status_code == 429
    other = client.post(
        TOKEN,
        headers={"X-Forwarded-For": "198.51.100.1"},
        json={"grant_type": "password", "username": "fresh@x.test", "password": "wrong-pass"},
    )
    assert other.status_code == 400


def test_a_deactivated_user_cannot_sign_in(client, identity, new_user):
    user = new_user(password="some-password-1")
    deactivate = ChangeUser(user.id, UserFields(active=False), frozenset({"active"}))
    identity.run(deactivate, caller=SYSTEM)
    resp = token_request(
        client, grant_type="password", username=user.email, password="some-password-1"
    )
    assert resp.status_code == 400 and resp.get_json()["error"] == "invalid_grant"


def basic(client_id, secret):
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture
def service_account(client, admin_headers):
    resp = client.post(
        f"{BASE}/service-accounts",
        headers=admin_headers,
        json={"name": "ERP", "scopes": ["contacts.accounts.read", "billing.invoices.read"]},
    )
    assert resp.status_code == 201
    return resp.get_json()


def test_client_credentials_issue_a_service_token_without_refresh(client, service_account):
    resp = token_request(
        client,
        grant_type="client_credentials",
        client_id=service_account["client_id"],
        client_secret=service_account["client_secret"],
        scope="contacts.accounts.read",
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert "refresh_token" not in body and body["scope"] == "contacts.accounts.read"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["typ"] == "service" and claims["scope"] == "contacts.accounts.read"
    assert claims["sub"] == service_account["id"]


def test_client_credentials_by_http_basic(client, service_account):
    resp = client.post(
        TOKEN,
        data={"grant_type": "client_credentials"},
        headers={
            "Authorization": basic(service_account["client_id"], service_account["client_secret"])
        },
    )
    assert resp.status_code == 200
    assert resp.get_json()["scope"] == "contacts.accounts.read billing.invoices.read"


def test_a_wrong_client_secret_is_401_invalid_client(client, service_account):
    resp = token_request(
        client,
        grant_type="client_credentials",
        client_id=service_account["client_id"],
        client_secret="wrong",
    )
    assert resp.status_code == 401
    assert resp.get_json()["error"] == "invalid_client"
    assert resp.headers["WWW-Authenticate"].startswith("Basic")


def test_a_scope_beyond_the_clients_is_invalid_scope(client, service_account):
    resp = token_request(
        client,
        grant_type="client_credentials",
        client_id=service_account["client_id"],
        client_secret=service_account["client_secret"],
        scope="billing.invoices.write",
    )
    assert resp.status_code == 400 and resp.get_json()["error"] == "invalid_scope"
