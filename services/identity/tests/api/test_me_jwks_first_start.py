import jwt
import sqlalchemy as sa

from crm_chassis.events.worker import build_parts
from crm_identity.adapters.tables import event_tables
from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings
from crm_identity.entrypoints.migrate import run as migrate
from crm_identity.events.incoming import handlers

BASE = "/api/identity/v1"


def test_jwks_lists_the_signing_key_with_its_kid(client, password_token):
    keys = client.get(f"{BASE}/jwks").get_json()["keys"]
    assert len(keys) == 1
    [key] = keys
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert "d" not in key and "p" not in key  # public parts only
    header = jwt.get_unverified_header(password_token()["access_token"])
    assert header["kid"] == key["kid"] and header["alg"] == "RS256"


def test_jwks_publishes_every_non_retired_key(client, identity):
    with identity.db.transaction() as s:
        s.execute(sa.text("UPDATE signing_keys SET active = false"))
    identity.keys.ensure_key(identity.uow.clock())  # a rotation: a new active key
    keys = client.get(f"{BASE}/jwks").get_json()["keys"]
    assert len(keys) == 2


def test_me_tells_a_user_who_they_are(client, user_headers):
    me = client.get(f"{BASE}/me", headers=user_headers).get_json()
    assert me["kind"] == "user" and me["email"] == "plain@example.test"
    assert me["roles"] == ["user"] and "accounts.view" in me["permissions"]


def test_me_needs_a_token(client):
    assert client.get(f"{BASE}/me").status_code == 401


def test_health_and_openapi_are_public(client):
    assert client.get(f"{BASE}/health/ready").status_code == 200
    doc = client.get(f"{BASE}/openapi.json").get_json()
    assert f"{BASE}/auth/token" in str(doc["paths"].keys()) or "/auth/token" in str(doc)


def test_first_start_creates_one_admin_and_is_idempotent(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'first.db'}",
        admin_email="boss@example.test",
        admin_password="boss-password-1",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        argon2_parallelism=1,
    )
    migrate(settings)
    migrate(settings)
    identity = bootstrap(settings)
    with identity.db.reading() as s:
        emails = s.execute(sa.text("SELECT email FROM users")).scalars().all()
        keys = s.execute(sa.text("SELECT count(*) FROM signing_keys")).scalar()
    assert emails == ["boss@example.test"] and keys == 1
    identity.db.dispose()


def test_without_admin_variables_no_admin_is_created(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'none.db'}")
    migrate(settings)
    identity = bootstrap(settings)
    with identity.db.reading() as s:
        assert s.execute(sa.text("SELECT count(*) FROM users")).scalar() == 0
    identity.db.dispose()


def test_encrypted_signing_keys_still_sign_and_verify(tmp_path):
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'enc.db'}", signing_key_passphrase="s3cret"
    )
    migrate(settings)
    identity = bootstrap(settings)
    with identity.db.reading() as s:
        pem = s.execute(sa.text("SELECT private_pem FROM signing_keys")).scalar()
    assert "ENCRYPTED" in pem
    token = identity.keys.sign(
        {
            "sub": "x",
            "iss": "crm-identity",
            "aud": "crm",
            "iat": 1,
            "exp": 4_000_000_000,
            "typ": "service",
        }
    )
    assert identity.verifier.verify(token).subject == "x"
    identity.db.dispose()


def test_identity_consumes_nothing_so_its_worker_runs_only_the_relay(settings, identity):
    assert handlers(identity) == {}
    parts = build_parts(settings, identity.db, handlers(identity), tables=event_tables)
    assert [type(part).__name__ for part in parts] == ["Relay"]


def test_revoke_is_declared_as_answering_200_with_no_body(client):
    doc = client.get(f"{BASE}/openapi.json").get_json()
    [path] = [p for p in doc["paths"] if p.endswith("/auth/revoke")]
    ok = doc["paths"][path]["post"]["responses"]["200"]
    assert "content" not in ok
