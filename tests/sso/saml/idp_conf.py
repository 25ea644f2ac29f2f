"""The test identity provider's pysaml2 configuration (tests/sso/saml/idp.py): one IdP,
its sign-in address on the HTTP-Redirect binding, persistent NameIDs, assertions signed
with RSA-SHA256 by Debian's xmlsec1, every attribute released. The service provider
(Partnerfolio) is not named here: its metadata is read from its metadata URL once
Partnerfolio runs, as an operator would give it."""

from __future__ import annotations

from typing import Any

from saml2 import BINDING_HTTP_REDIRECT
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

XMLSEC = "/usr/bin/xmlsec1"


def config(*, base: str, key_file: str, cert_file: str, lifetime_minutes: int = 15) -> dict:
    """pysaml2's configuration for an IdP at `base` (http://127.0.0.1:PORT)."""
    policy: dict[str, Any] = {
        "lifetime": {"minutes": lifetime_minutes},
        "attribute_restrictions": None,  # release every attribute
        "sign": ["assertion"],
    }
    return {
        "entityid": f"{base}/metadata",
        "service": {
            "idp": {
                "name": "Partnerfolio's test identity provider",
                "endpoints": {
                    "single_sign_on_service": [(f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)],
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "want_authn_requests_signed": False,
                "sign_assertion": True,
                "sign_response": False,
                "policy": {"default": policy},
            },
        },
        "key_file": key_file,
        "cert_file": cert_file,
        "xmlsec_binary": XMLSEC,
        "signing_algorithm": SIG_RSA_SHA256,
        "digest_algorithm": DIGEST_SHA256,
        "delete_tmpfiles": True,
        "metadata": {},  # the service provider's is loaded from its URL (idp.py)
    }
