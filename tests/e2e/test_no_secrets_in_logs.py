"""No token, password or secret in any log line of a running suite (issue 16).

Signs in (JSON and form bodies, a wrong password too), refreshes, revokes, creates a
service account and uses its client credentials, calls across services with the tokens,
then searches every log file of the suite (each process's output and the gateway's access
log) for each of the secrets that travelled: the administrator's and a user's passwords,
every access and refresh token issued, the client secrets of the services and of the new
service account. The redaction itself is crm_chassis.log_redaction (chassis tests).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import requests

from crm_suite_testing.suite import Suite

from .conftest import ADMIN_EMAIL, ADMIN_PASSWORD

IDENTITY = "/api/identity/v1"
CONTACTS = "/api/contacts/v1"
SALES = "/api/sales/v1"
USER_PASSWORD = "Leaky-pa55word-" + uuid.uuid4().hex[:8]
WRONG_PASSWORD = "Wrong-pa55word-" + uuid.uuid4().hex[:8]


def _token(gw: str, form: dict[str, str], *, as_form: bool = False) -> requests.Response:
    url = f"{gw}{IDENTITY}/auth/token"
    if as_form:
        return requests.post(url, data=form, timeout=30)
    return requests.post(url, json=form, timeout=30)


def _bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def _service_account_flow(gw: str, admin_token: str) -> list[str]:
    """A new service account signs in with its client credentials and reads accounts."""
    svc = requests.post(
        f"{gw}{IDENTITY}/service-accounts",
        json={"name": f"logs-{uuid.uuid4().hex[:6]}", "scopes": ["contacts.accounts.read"]},
        headers=_bearer(admin_token),
        timeout=30,
    ).json()
    issued = _token(
        gw,
        {
            "grant_type": "client_credentials",
            "client_id": svc["client_id"],
            "client_secret": svc["client_secret"],
        },
        as_form=True,
    )
    assert issued.status_code == 200, issued.text
    assert (
        requests.get(
            f"{gw}{CONTACTS}/accounts", headers=_bearer(issued.json()["access_token"]), timeout=30
        ).status_code
        == 200
    )
    return [svc["client_secret"], issued.json()["access_token"]]


def _flows(gw: str) -> list[str]:
    """Run the flows; return every secret that travelled."""
    secrets = [ADMIN_PASSWORD, USER_PASSWORD, WRONG_PASSWORD]
    admin = _token(
        gw, {"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    ).json()
    secrets += [admin["access_token"], admin["refresh_token"]]
    email = f"logs-{uuid.uuid4().hex[:10]}@e2e.test"
    created = requests.post(
        f"{gw}{IDENTITY}/users",
        json={"email": email, "display_name": "Log Reader", "password": USER_PASSWORD},
        headers=_bearer(admin["access_token"]),
        timeout=30,
    )
    assert created.status_code == 201, created.text
    wrong = _token(gw, {"grant_type": "password", "username": email, "password": WRONG_PASSWORD})
    assert wrong.status_code in (400, 401), wrong.text
    user = _token(
        gw, {"grant_type": "password", "username": email, "password": USER_PASSWORD}, as_form=True
    )
    assert user.status_code == 200, user.text
    secrets += [user.json()["access_token"], user.json()["refresh_token"]]
    refreshed = _token(
        gw, {"grant_type": "refresh_token", "refresh_token": user.json()["refresh_token"]}
    )
    assert refreshed.status_code == 200, refreshed.text
    secrets += [refreshed.json()["access_token"], refreshed.json()["refresh_token"]]
    # A spent refresh token offered again (refused, and worth a warning in the log).
    assert (
        _token(
            gw, {"grant_type": "refresh_token", "refresh_token": user.json()["refresh_token"]}
        ).status_code
        == 400
    )
    account = requests.post(
        f"{gw}{CONTACTS}/accounts",
        json={"name": f"Log Test {uuid.uuid4().hex[:6]}", "account_type": "Customer"},
        headers=_bearer(admin["access_token"]),
        timeout=30,
    )
    assert account.status_code == 201, account.text
    # A forged token and a bad one: refused, and their text must not be logged either.
    for bogus in (admin["access_token"][:-4] + "AAAA", "not-a-jwt-" + uuid.uuid4().hex):
        secrets.append(bogus)
        assert (
            requests.get(f"{gw}{SALES}/leads", headers=_bearer(bogus), timeout=30).status_code
            == 401
        )
    secrets += _service_account_flow(gw, admin["access_token"])
    revoked = requests.post(
        f"{gw}{IDENTITY}/auth/revoke", json={"token": refreshed.json()["refresh_token"]}, timeout=30
    )
    assert revoked.status_code == 200
    return secrets


def _log_files(suite: Suite) -> list[Path]:
    return [p for p in suite.work_dir.rglob("*.log") if p.is_file()]


def _wait_until_written(suite: Suite, marker: str) -> None:
    """Each process writes its lines from a thread: wait until the marker's request is in."""
    for service in ("identity", "contacts"):
        requests.get(
            f"{suite.gateway_url}/api/{service}/v1/health/live",
            headers={"X-Correlation-Id": marker},
            timeout=30,
        )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = "".join(p.read_text(errors="replace") for p in _log_files(suite))
        if text.count(marker) >= 2:
            return
        time.sleep(0.2)
    raise AssertionError(f"the marker request never reached the logs under {suite.work_dir}")


def test_no_secret_in_any_log_file(suite: Suite, gw: str) -> None:
    secrets = _flows(gw)
    secrets += list(suite.secrets.values())  # the services' own client secrets
    _wait_until_written(suite, marker=f"log-marker-{uuid.uuid4().hex}")
    files = _log_files(suite)
    names = {p.name for p in files}
    assert {"identity-web.log", "contacts-web.log", "traefik-access.log"} <= names, names
    found = {
        f"{path.name}: {secret[:12]}..."
        for path in files
        for secret in secrets
        if secret in path.read_text(errors="replace")
    }
    assert not found, f"secrets in the logs: {sorted(found)}"
