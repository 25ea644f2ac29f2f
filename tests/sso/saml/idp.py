"""A SAML 2.0 identity provider for the single sign-on tests: pysaml2's own
(`saml2.server.Server`, configured by idp_conf.py), behind a small WSGI app of ours that
serves its metadata and a username/password login page. It runs on loopback, in a thread
of the test process, so that a test can also craft answers with the same `Server` (its
key, its entity id) and post them to Partnerfolio itself.

Its people are read from a JSON file at each sign-in (`set_people` rewrites it):
{"login": {"password": …, "mail": …, "groups": [...]}}.
"""

from __future__ import annotations

import base64
import html
import json
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import AUTHN_PASSWORD, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.samlp import STATUS_AUTHN_FAILED
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from tests.sso.saml.idp_conf import config

LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test IdP: sign in</title></head>
<body><h1>Sign in to the test identity provider</h1>{error}
<form method="post" action="/sso/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<input type="hidden" name="SAMLRequest" value="{request}">
<input type="hidden" name="RelayState" value="{relay}">
<button type="submit" name="action" value="sign-in">Sign in</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form></body></html>"""


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:  # no request lines in the test output
        pass


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class SamlIdentityProvider:
    """The running identity provider: its base URL, its people, its pysaml2 server."""

    def __init__(self, *, directory: Path, key_file: Path, cert_file: Path) -> None:
        self.people_file = directory / "people.json"
        self.key_file, self.cert_file = str(key_file), str(cert_file)
        self.set_people({})
        self._httpd = make_server(
            "127.0.0.1", 0, self, server_class=_Threading, handler_class=_Quiet
        )
        self.base = f"http://127.0.0.1:{self._httpd.server_port}"
        self.server = self.server_with()
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/metadata"

    def server_with(self, **changes: Any) -> Server:
        """A pysaml2 server of this IdP (its entity id and key), its policy changed (the
        assertions' lifetime) for crafting answers."""
        settings = config(base=self.base, key_file=self.key_file, cert_file=self.cert_file)
        if "lifetime_minutes" in changes:
            settings = config(
                base=self.base,
                key_file=self.key_file,
                cert_file=self.cert_file,
                lifetime_minutes=changes["lifetime_minutes"],
            )
        server = Server(config=IdPConfig().load(settings))
        if getattr(self, "sp_metadata_url", None):
            server.metadata.load("remote", url=self.sp_metadata_url)
        return server

    def read_sp_metadata(self, url: str) -> None:
        """Reads the service provider's metadata from its URL, as an operator gives it."""
        self.sp_metadata_url = url
        self.server.metadata.load("remote", url=url)

    def set_people(self, people: dict[str, dict[str, Any]]) -> None:
        staged = self.people_file.with_suffix(".new")
        staged.write_text(json.dumps(people))
        staged.replace(self.people_file)

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # crafting answers (the tests), and the login page's own answers

    def request_id(self, saml_request: str) -> str:
        """The ID of an AuthnRequest on the HTTP-Redirect binding (the login page's URL)."""
        return self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT).message.id

    def acs_of(self, sp_entity_id: str) -> str:
        return self.server.metadata.assertion_consumer_service(sp_entity_id, BINDING_HTTP_POST)[0][
            "location"
        ]

    def answer(
        self,
        login: str,
        *,
        in_response_to: str | None,
        sp_entity_id: str,
        destination: str | None = None,
        audience: str | None = None,
        sign: bool = True,
        server: Server | None = None,
    ) -> str:
        """The XML of a SAML Response signing `login` in with their attributes."""
        person = json.loads(self.people_file.read_text())[login]
        identity = {"mail": [person["mail"]], "groups": list(person["groups"])}
        return str(
            (server or self.server).create_authn_response(
                identity,
                in_response_to,
                destination or self.acs_of(sp_entity_id),
                audience or sp_entity_id,
                name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=login),
                authn={"class_ref": AUTHN_PASSWORD},
                sign_assertion=sign,
                sign_response=False,
                sign_alg=SIG_RSA_SHA256,  # (pysaml2 signs with SHA-1 unless told)
                digest_alg=DIGEST_SHA256,
            )
        )

    @staticmethod
    def encoded(xml: str) -> str:
        return base64.b64encode(xml.encode()).decode()

    # the WSGI app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        if path == "/metadata" and method == "GET":
            body = create_metadata_string(None, config=self.server.config).decode()
            return self._send(start_response, "200 OK", body, "application/samlmetadata+xml")
        if path == "/sso/redirect" and method == "GET":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            return self._login_page(
                start_response,
                query.get("SAMLRequest", [""])[0],
                query.get("RelayState", [""])[0],
            )
        if path == "/sso/login" and method == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
            return self._sign_in(start_response, form)
        return self._send(start_response, "404 Not Found", "not found", "text/plain")

    def _send(self, start_response: Any, status: str, body: str, kind: str) -> list[bytes]:
        data = body.encode()
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(data)))])
        return [data]

    def _login_page(
        self, start_response: Any, request: str, relay: str, error: str = ""
    ) -> list[bytes]:
        page = LOGIN_PAGE.format(
            error=f'<p role="alert">{html.escape(error)}</p>' if error else "",
            request=html.escape(request),
            relay=html.escape(relay),
        )
        return self._send(start_response, "200 OK", page, "text/html; charset=utf-8")

    def _sign_in(self, start_response: Any, form: dict[str, str]) -> list[bytes]:
        parsed = self.server.parse_authn_request(form.get("SAMLRequest", ""), BINDING_HTTP_REDIRECT)
        request = parsed.message
        sp = request.issuer.text
        acs = request.assertion_consumer_service_url or self.acs_of(sp)
        relay = form.get("RelayState", "")
        if form.get("action") == "cancel":
            response = str(
                self.server.create_error_response(
                    request.id,
                    acs,
                    (STATUS_AUTHN_FAILED, "the person cancelled"),
                    sign=True,
                    sign_alg=SIG_RSA_SHA256,
                    digest_alg=DIGEST_SHA256,
                )
            )
        else:
            people = json.loads(self.people_file.read_text())
            login = form.get("username", "")
            if login not in people or people[login]["password"] != form.get("password"):
                return self._login_page(
                    start_response, form["SAMLRequest"], relay, "Wrong username or password."
                )
            response = self.answer(login, in_response_to=request.id, sp_entity_id=sp)
        posted = self.server.apply_binding(BINDING_HTTP_POST, response, acs, relay, response=True)
        return self._send(start_response, "200 OK", posted["data"], "text/html; charset=utf-8")
