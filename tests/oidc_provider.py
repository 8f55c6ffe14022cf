"""A small OpenID Connect provider for tests, on 127.0.0.1 (no network): discovery document, JWKS,
an authorize page where the person types their e-mail address, and a token endpoint that checks the
client's secret and the PKCE verifier and returns an RS256-signed id_token with the nonce it was given.

`forge` makes it sign with a key it does not publish, as an attacker's provider would."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "werkbank-test"
CLIENT_SECRET = "geheim-van-de-test-client"


class Provider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "echt"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "echt"})
        self.forge = False
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Provider":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def metadata(self) -> dict:
        return {"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"], "code_challenge_methods_supported": ["S256"],
                "scopes_supported": ["openid", "email", "profile"]}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "aud": CLIENT_ID, "sub": "sub-" + hashlib.sha256(grant["email"].encode()).hexdigest()[:12],
                  "email": grant["email"], "email_verified": True, "name": grant["email"].split("@")[0],
                  "iat": now, "exp": now + 300, "nonce": grant["nonce"]}
        return jwt.encode({"alg": "RS256", "kid": "echt"}, claims, self.other_key if self.forge else self.key)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: str | dict, kind: str = "application/json",
                      location: str | None = None) -> None:
                data = (json.dumps(body) if isinstance(body, dict) else body).encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.metadata())
                elif url.path == "/jwks":
                    self._send(200, {"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/authorize":
                    if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                        self._send(400, {"error": "invalid_request"})
                        return
                    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                                     for k, v in query.items())
                    self._send(200, f'<!doctype html><title>Organisatie</title><form action="/approve">{hidden}'
                                    '<label>E-mail<input name="email"></label><button>Inloggen bij de organisatie'
                                    '</button></form>', "text/html; charset=utf-8")
                elif url.path == "/approve":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {"email": query["email"], "nonce": query.get("nonce", ""),
                                            "redirect_uri": query["redirect_uri"],
                                            "challenge": query.get("code_challenge")}
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                    self._send(302, "", "text/plain", location=target)
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                authorised = self.headers.get("Authorization") == f"Basic {basic}" or (
                    form.get("client_id") == CLIENT_ID and form.get("client_secret") == CLIENT_SECRET)
                grant = provider.codes.pop(form.get("code", ""), None)
                provider.token_requests.append({"authorised": authorised, "pkce": bool(form.get("code_verifier"))})
                if urlparse(self.path).path != "/token" or not authorised or grant is None \
                        or form.get("redirect_uri") != grant["redirect_uri"]:
                    self._send(400, {"error": "invalid_grant"})
                    return
                if grant["challenge"]:
                    digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                        self._send(400, {"error": "invalid_grant"})
                        return
                self._send(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                 "expires_in": 300, "id_token": provider.id_token(grant)})

        return Handler
