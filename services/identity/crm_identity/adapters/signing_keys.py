"""RSA signing keys: generated once, kept in ``signing_keys``, served as a JWKS.

Every non-retired key is published, so that after a rotation tokens signed by the previous
key stay verifiable until they expire; the newest active key signs. Key ids are RFC 7638
thumbprints, so the same key always has the same kid.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from crm_chassis.db import Database
from crm_chassis.logging import get_logger
from crm_identity.adapters import tables as t

ALGORITHM = "RS256"
log = get_logger(__name__)


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey
    created_at: datetime
    active: bool

    def public_jwk(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.pop("key_ops", None)  # RFC 7517 4.3: "use" and "key_ops" should not both appear
        jwk.update({"kid": self.kid, "use": "sig", "alg": ALGORITHM})
        return jwk


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """Return the RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key."""
    jwk = json.loads(RSAAlgorithm.to_jwk(public_key))
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class KeyStore:
    """The signing keys in the database, cached in process and reloaded on an unknown kid."""

    def __init__(self, db: Database, *, passphrase: str | None, cache_seconds: int = 60) -> None:
        self._db = db
        self._passphrase = passphrase.encode() if passphrase else None
        self._cache_seconds = cache_seconds
        self._keys: list[SigningKey] = []
        self._loaded_at = 0.0
        self._lock = threading.Lock()

    # -- creation -------------------------------------------------------------------------

    def ensure_key(self, now: datetime) -> str:
        """Create an active key if there is none; return the signing kid (idempotent)."""
        with self._db.transaction() as session:
            row = session.execute(
                sa.select(t.signing_keys.c.kid)
                .where(t.signing_keys.c.active.is_(True), t.signing_keys.c.retired_at.is_(None))
                .order_by(t.signing_keys.c.created_at.desc())
            ).first()
            if row is not None:
                return str(row.kid)
            private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            kid = thumbprint(private.public_key())
            session.execute(
                t.signing_keys.insert().values(
                    kid=kid,
                    algorithm=ALGORITHM,
                    private_pem=self._to_pem(private),
                    created_at=now,
                    active=True,
                    retired_at=None,
                )
            )
        log.info("identity.signing_key.created", kid=kid)
        self._loaded_at = 0.0
        return kid

    def rotate(self, now: datetime, *, grace_seconds: int) -> str:
        """Make a new key the signing key; keep the old ones published for ``grace_seconds``.

        Tokens signed by an old key stay verifiable until they expire: the old key stays in
        the JWKS until ``now + grace_seconds`` (at least the access-token lifetime plus the
        key cache of other processes, which may sign with it a little longer).
        """
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        kid = thumbprint(private.public_key())
        retire_at = now + timedelta(seconds=grace_seconds)
        with self._db.transaction() as session:
            keys = t.signing_keys
            session.execute(
                keys.update()
                .where(keys.c.active.is_(True))
                .values(active=False, retired_at=retire_at)
            )
            session.execute(
                keys.insert().values(
                    kid=kid,
                    algorithm=ALGORITHM,
                    private_pem=self._to_pem(private),
                    created_at=now,
                    active=True,
                    retired_at=None,
                )
            )
        log.info("identity.signing_key.rotated", kid=kid, old_keys_retire_at=str(retire_at))
        self._loaded_at = 0.0
        self._keys = []
        return kid

    def _to_pem(self, key: rsa.RSAPrivateKey) -> str:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(self._passphrase)
            if self._passphrase
            else serialization.NoEncryption()
        )
        return key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        ).decode()

    # -- reading --------------------------------------------------------------------------

    def _load(self) -> list[SigningKey]:
        with self._db.reading() as session:
            rows = session.execute(
                sa.select(t.signing_keys)
                .where(
                    sa.or_(
                        t.signing_keys.c.retired_at.is_(None),
                        t.signing_keys.c.retired_at > datetime.now(UTC),
                    )
                )
                .order_by(t.signing_keys.c.created_at.desc(), t.signing_keys.c.kid)
            ).all()
        keys = []
        for row in rows:
            private = serialization.load_pem_private_key(
                row.private_pem.encode(), password=self._passphrase
            )
            assert isinstance(private, rsa.RSAPrivateKey)
            keys.append(SigningKey(row.kid, private, row.created_at, row.active))
        return keys

    def keys(self, *, refresh: bool = False) -> list[SigningKey]:
        """Return the published keys (not retired, or retiring later), newest first."""
        with self._lock:
            stale = time.monotonic() - self._loaded_at > self._cache_seconds
            if refresh or stale or not self._keys:
                self._keys = self._load()
                self._loaded_at = time.monotonic()
            return list(self._keys)

    def find(self, kid: str) -> SigningKey | None:
        """Return the key ``kid``, reloading once if it is not known (a rotation happened)."""
        for key in self.keys():
            if key.kid == kid:
                return key
        # At most one reload per second: tokens with made-up kids must not hammer the DB.
        if time.monotonic() - self._loaded_at < 1.0:
            return None
        for key in self.keys(refresh=True):
            if key.kid == kid:
                return key
        return None

    def current(self) -> SigningKey:
        for key in self.keys():
            if key.active:
                return key
        raise RuntimeError("no active signing key; run crm-identity-migrate")

    def jwks(self) -> dict[str, Any]:
        # Services refetch the JWKS when they meet an unknown kid, i.e. right after a
        # rotation in another identity process: answer from the database's current key
        # list, not from this process's cache (the kid query is cheap; keys parse only
        # when the list changed).
        with self._db.reading() as session:
            kids = set(
                session.execute(
                    sa.select(t.signing_keys.c.kid).where(
                        sa.or_(
                            t.signing_keys.c.retired_at.is_(None),
                            t.signing_keys.c.retired_at > datetime.now(UTC),
                        )
                    )
                ).scalars()
            )
        keys = self.keys()
        if {k.kid for k in keys} != kids:
            keys = self.keys(refresh=True)
        return {"keys": [k.public_jwk() for k in keys]}

    def sign(self, claims: dict[str, Any]) -> str:
        key = self.current()
        return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})
