"""Single sign-on over SAML against a real identity provider: pysaml2's (tests/sso/saml/idp.py),
started on loopback by the tests. Metadata is exchanged as an operator would: Partnerfolio
reads the IdP's from its metadata URL (PARTNERFOLIO_SAML_METADATA_URL), the IdP reads ours
from our metadata URL. Like the rest of tests/sso, this runs in the SQLite pass only."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import override_settings

from tests.sso.saml.idp import SamlIdentityProvider
from tests.sso.saml.idp_conf import XMLSEC

NAME = "Example Corp SAML"
EMAIL_ATTRIBUTE = "urn:oid:0.9.2342.19200300.100.1.3"  # `mail`, as pysaml2 names it
ROLE_GROUPS = {
    "pf-admins": "admin",
    "pf-managers": "manager",
    "pf-contributors": "contributor",
    "pf-viewers": "viewer",
}
PASSWORD = "the test IdP's password"
METADATA = "/accounts/sso/saml/saml/metadata/"
ACS = "/accounts/sso/saml/saml/acs/"


def _key_and_certificate(directory: Path) -> tuple[Path, Path]:
    """The IdP's signing key and its self-signed certificate (published in its metadata)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test identity provider")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / "idp.key", directory / "idp.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def saml_settings(base_url: str, idp: SamlIdentityProvider) -> dict[str, Any]:
    """Partnerfolio configured, as PARTNERFOLIO_SAML_* would, for the test IdP."""
    return {
        "PARTNERFOLIO_BASE_URL": base_url,
        "PARTNERFOLIO_SAML_METADATA_URL": idp.metadata_url,
        "PARTNERFOLIO_SAML_NAME": NAME,
        "PARTNERFOLIO_SAML_EMAIL_ATTRIBUTE": EMAIL_ATTRIBUTE,
        "PARTNERFOLIO_SAML_GROUPS_ATTRIBUTE": "groups",
        "PARTNERFOLIO_SAML_ROLE_GROUPS": ROLE_GROUPS,
    }


@pytest.fixture(scope="session")
def saml_idp(
    live_server: Any, tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> Iterator[SamlIdentityProvider]:
    """The IdP on a free loopback port, holding our metadata read from our metadata URL."""
    if shutil.which(XMLSEC) is None:
        pytest.fail(f"{XMLSEC} is needed (Debian's xmlsec1): `make test` installs it")
    directory = tmp_path_factory.mktemp("saml-idp")
    key_file, cert_file = _key_and_certificate(directory)
    idp = SamlIdentityProvider(directory=directory, key_file=key_file, cert_file=cert_file)
    try:
        # (the live server's request opens the database, whichever test comes first)
        with override_settings(**saml_settings(live_server.url, idp)), django_db_blocker.unblock():
            idp.read_sp_metadata(f"{live_server.url}{METADATA}")
        yield idp
    finally:
        idp.stop()


@pytest.fixture
def saml(settings: Any, live_server: Any, saml_idp: SamlIdentityProvider) -> SamlIdentityProvider:
    for name, value in saml_settings(live_server.url, saml_idp).items():
        setattr(settings, name, value)
    return saml_idp


def person(mail: str, *groups: str) -> dict[str, Any]:
    return {"password": PASSWORD, "mail": mail, "groups": list(groups)}
