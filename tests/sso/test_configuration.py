"""Single sign-on is configured whole or not at all: a half-set identity provider stops
every command with exit code 2 and a message naming the variable."""

from __future__ import annotations

import pytest

from tests.operations.test_configuration import check

PROVIDER = {
    "PARTNERFOLIO_OIDC_ISSUER": "https://sso.example.org/realms/staff",
    "PARTNERFOLIO_OIDC_CLIENT_ID": "partnerfolio",
    "PARTNERFOLIO_OIDC_CLIENT_SECRET": "not a real secret",
    "PARTNERFOLIO_OIDC_ROLE_GROUPS": "pf-admins=admin,pf-viewers=viewer",
}


def test_a_whole_configuration_starts(tmp_path):
    done = check(tmp_path, **PROVIDER)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"PARTNERFOLIO_OIDC_CLIENT_SECRET": ""}, "PARTNERFOLIO_OIDC_CLIENT_ID and"),
        ({"PARTNERFOLIO_OIDC_ROLE_GROUPS": ""}, "PARTNERFOLIO_OIDC_ROLE_GROUPS must map at"),
        ({"PARTNERFOLIO_OIDC_ROLE_GROUPS": "pf-x=owner"}, "PARTNERFOLIO_OIDC_ROLE_GROUPS must"),
        ({"PARTNERFOLIO_OIDC_ROLE_GROUPS": "pf-admins"}, "PARTNERFOLIO_OIDC_ROLE_GROUPS must"),
        ({"PARTNERFOLIO_OIDC_ISSUER": "sso.example.org"}, "PARTNERFOLIO_OIDC_ISSUER must"),
    ],
)
def test_a_half_configured_provider_stops_every_command(tmp_path, changed, message):
    done = check(tmp_path, **{**PROVIDER, **changed})
    assert done.returncode == 2
    assert done.stderr.startswith(f"partnerfolio: configuration: {message}")
    assert "Traceback" not in done.stderr


def test_sso_only_without_an_issuer_stops_every_command(tmp_path):
    done = check(tmp_path, PARTNERFOLIO_SSO_ONLY="true", PARTNERFOLIO_SSO_BREAK_GLASS="root")
    assert done.returncode == 2
    assert done.stderr.startswith(
        "partnerfolio: configuration: PARTNERFOLIO_SSO_ONLY is on but neither "
        "PARTNERFOLIO_OIDC_ISSUER nor PARTNERFOLIO_SAML_METADATA_URL is set"
    )
    assert "Traceback" not in done.stderr
    assert check(tmp_path, **PROVIDER, PARTNERFOLIO_SSO_ONLY="true").returncode == 0


def test_a_break_glass_list_without_sso_only_starts(tmp_path):
    """(It has no effect then: every password signs in.)"""
    done = check(tmp_path, PARTNERFOLIO_SSO_BREAK_GLASS="root,ops")
    assert done.returncode == 0, done.stderr


def test_the_highest_mapped_role_wins(settings):
    from partnerfolio.accounts.sso import role_for

    settings.PARTNERFOLIO_OIDC_ROLE_GROUPS = {"a": "viewer", "b": "manager", "c": "contributor"}
    assert role_for(["a", "c", "b", "unmapped"]) == "manager"
    assert role_for("c") == "contributor"
    assert role_for(["unmapped"]) is None
    assert role_for(None) is None


SAML = {
    "PARTNERFOLIO_SAML_METADATA_URL": "https://sso.example.org/realms/staff/protocol/saml/descriptor",
    "PARTNERFOLIO_SAML_ROLE_GROUPS": "pf-admins=admin,pf-viewers=viewer",
}


def test_a_whole_saml_configuration_starts_alone_and_in_sso_only_mode(tmp_path):
    """(The metadata is not fetched at start-up: the identity provider may be down.)"""
    done = check(tmp_path, **SAML)
    assert done.returncode == 0, done.stderr
    done = check(tmp_path, **SAML, PARTNERFOLIO_SSO_ONLY="true")
    assert done.returncode == 0, done.stderr
    done = check(tmp_path, **SAML, **PROVIDER, PARTNERFOLIO_SAML_EMAIL_VERIFIED="true")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"PARTNERFOLIO_SAML_ROLE_GROUPS": ""}, "PARTNERFOLIO_SAML_ROLE_GROUPS must map at"),
        ({"PARTNERFOLIO_SAML_ROLE_GROUPS": "pf-x=owner"}, "PARTNERFOLIO_SAML_ROLE_GROUPS must"),
        ({"PARTNERFOLIO_SAML_ROLE_GROUPS": "pf-x"}, "PARTNERFOLIO_SAML_ROLE_GROUPS must"),
        ({"PARTNERFOLIO_SAML_METADATA_URL": "sso.example.org"}, "PARTNERFOLIO_SAML_METADATA_URL"),
        ({"PARTNERFOLIO_SAML_EMAIL_VERIFIED": "maybe"}, "PARTNERFOLIO_SAML_EMAIL_VERIFIED must"),
    ],
)
def test_a_half_configured_saml_provider_stops_every_command(tmp_path, changed, message):
    done = check(tmp_path, **{**SAML, **changed})
    assert done.returncode == 2
    assert done.stderr.startswith(f"partnerfolio: configuration: {message}")
    assert "Traceback" not in done.stderr
