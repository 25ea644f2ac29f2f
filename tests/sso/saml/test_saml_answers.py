"""Answers that must not sign anyone in, crafted with the pysaml2 identity provider's own
API (its key, its entity id) and posted to our assertion consumer service from a browser
that started a sign-in: each lands on our page in plain words, with a 4xx, logged, and
creates and changes nothing. The first test posts an untouched crafted answer, which
signs in: the refusals below are the checks', not the crafting's."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import unquote

import pytest
from playwright.sync_api import APIResponse, Page

from partnerfolio.accounts import saml as ours
from partnerfolio.accounts.models import User
from tests.sso.saml.conftest import ACS, person
from tests.sso.saml.idp import SamlIdentityProvider
from tests.sso.saml.test_saml import saml_sign_in, to_idp
from tests.sso.test_oidc import signed_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def started(page: Page, idp: SamlIdentityProvider) -> str:
    """A sign-in started in this browser, up to the IdP's login page: its request's ID."""
    return idp.request_id(unquote(to_idp(page)))


def post(page: Page, saml_response: str) -> APIResponse:
    """The answer posted to our ACS from this browser (its cookies), redirects followed."""
    return page.context.request.post(ACS, form={"SAMLResponse": saml_response})


def refused(answer: APIResponse, words: str, caplog: Any) -> None:
    assert answer.status == 400, answer.text()
    assert "Signing in did not work" in answer.text()
    assert words in answer.text()
    assert any(
        r.name == "partnerfolio.security" and r.levelno == logging.WARNING for r in caplog.records
    )


@pytest.fixture
def mal(saml: SamlIdentityProvider) -> SamlIdentityProvider:
    saml.set_people({"mal": person("mal@example.org", "pf-viewers")})
    return saml


def test_a_crafted_answer_left_as_signed_signs_in(mal: SamlIdentityProvider, browse: Any) -> None:
    page = browse()
    request_id = started(page, mal)
    answer = post(
        page,
        mal.encoded(mal.answer("mal", in_response_to=request_id, sp_entity_id=ours.entity_id())),
    )
    assert answer.status == 200
    assert answer.url.endswith("/")
    assert User.objects.get(email="mal@example.org").role == "viewer"
    assert signed_in_as(page) == "mal"


def test_an_attribute_changed_after_signing_is_refused(
    mal: SamlIdentityProvider, browse: Any, caplog: Any
) -> None:
    page = browse()
    xml = mal.answer("mal", in_response_to=started(page, mal), sp_entity_id=ours.entity_id())
    assert xml.count(">pf-viewers<") == 1
    tampered = xml.replace(">pf-viewers<", ">pf-admins<")
    refused(post(page, mal.encoded(tampered)), "changed after it was signed", caplog)
    assert not User.objects.exists()
    assert signed_in_as(page) is None


def test_an_expired_assertion_is_refused(
    mal: SamlIdentityProvider, browse: Any, caplog: Any
) -> None:
    page = browse()
    old = mal.server_with(lifetime_minutes=-10)  # valid until ten minutes ago
    xml = mal.answer(
        "mal", in_response_to=started(page, mal), sp_entity_id=ours.entity_id(), server=old
    )
    refused(post(page, mal.encoded(xml)), "has expired", caplog)
    assert not User.objects.exists()


def test_an_assertion_for_another_audience_is_refused(
    mal: SamlIdentityProvider, browse: Any, caplog: Any
) -> None:
    page = browse()
    xml = mal.answer(
        "mal",
        in_response_to=started(page, mal),
        sp_entity_id=ours.entity_id(),
        audience="https://another-app.example.org/saml/metadata",
    )
    refused(post(page, mal.encoded(xml)), "meant for another site", caplog)
    assert not User.objects.exists()


def test_an_unsigned_assertion_is_refused(
    mal: SamlIdentityProvider, browse: Any, caplog: Any
) -> None:
    page = browse()
    xml = mal.answer(
        "mal", in_response_to=started(page, mal), sp_entity_id=ours.entity_id(), sign=False
    )
    assert "Signature" not in xml
    refused(post(page, mal.encoded(xml)), "was not signed", caplog)
    assert not User.objects.exists()


def test_an_unsolicited_answer_is_refused(
    mal: SamlIdentityProvider, browse: Any, caplog: Any
) -> None:
    """IdP-initiated: a signed, valid answer that answers no request (no InResponseTo)."""
    page = browse()
    started(page, mal)
    xml = mal.answer("mal", in_response_to=None, sp_entity_id=ours.entity_id())
    refused(post(page, mal.encoded(xml)), "answer to no sign-in started from Partnerfolio", caplog)
    assert not User.objects.exists()


def test_an_answer_to_a_sign_in_of_another_browser_is_refused(
    mal: SamlIdentityProvider, browse: Any, caplog: Any
) -> None:
    victim, attacker = browse(), browse()
    xml = mal.answer("mal", in_response_to=started(victim, mal), sp_entity_id=ours.entity_id())
    started(attacker, mal)
    refused(post(attacker, mal.encoded(xml)), "could not be matched", caplog)
    assert not User.objects.exists()


def test_a_replayed_saml_response_is_refused(
    mal: SamlIdentityProvider, browse: Any, caplog: Any
) -> None:
    """The IdP's own answer, taken from a sign-in that worked, posted again from a browser
    with a sign-in of its own under way."""
    status, taken = saml_sign_in(browse(), "mal")
    assert status == 302
    again = browse()
    started(again, mal)
    refused(post(again, taken), "was used already", caplog)
    assert signed_in_as(again) is None
    assert User.objects.count() == 1
    assert ours.UsedAssertion.objects.count() == 1
