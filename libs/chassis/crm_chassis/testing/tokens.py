"""Sign test access tokens with a throwaway RSA key whose JWKS is served on a free port."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from crm_chassis.auth.tokens import TokenVerifier


class TokenFactory:
    """Issue RS256 tokens the way identity does, for services' own tests."""

    def __init__(self, audience: str = "crm", issuer: str = "crm-identity") -> None:
        self.audience = audience
        self.issuer = issuer
        self.kid = uuid.uuid4().hex[:16]
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        self.jwks = {"keys": [jwk]}
        self._server: ThreadingHTTPServer | None = None

    @property
    def jwks_url(self) -> str:
        if self._server is None:
            self._start()
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/jwks"

    def _start(self) -> None:
        factory = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = json.dumps(factory.jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def verifier(self, **kwargs: Any) -> TokenVerifier:
        return TokenVerifier(self.jwks_url, audience=self.audience, issuer=self.issuer, **kwargs)

    def issue(
        self,
        sub: str | None = None,
        *,
        roles: list[str] | None = None,
        perms: list[str] | None = None,
        scope: str | None = None,
        typ: str = "user",
        ttl: int = 600,
        **extra: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": sub or str(uuid.uuid4()),
            "iat": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
            "typ": typ,
            "roles": roles or [],
            "perms": perms or [],
        }
        if scope is not None:
            claims["scope"] = scope
        claims.update(extra)
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def admin(self, sub: str | None = None) -> str:
        return self.issue(sub, roles=["admin"])

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
