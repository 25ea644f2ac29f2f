"""Partner users signing in through their own organization's identity provider, for real:
a second `oidc-provider` plays the partner's (its own client and people) beside ours;
Chromium opens the sign-in link an administrator sends, signs in on the partner
provider's login and consent pages, and comes back to Partnerfolio's partner portal."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from partnerfolio.accounts.models import User
from partnerfolio.accounts.partner_providers import partner_identity_provider_update
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners.models import PartnerOrganization
from tests.people import PASSWORD
from tests.people import signed_in as client_for
from tests.sso.conftest import NAME as OUR_NAME
from tests.sso.conftest import IdentityProvider
from tests.sso.partner_idp import NAME, PartnerProvider, partner_provider
from tests.sso.test_id_tokens import _part, _read, token_answers  # noqa: F401
from tests.sso.test_oidc import person
from tests.web.test_access import PAGES, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
BUTTON = f"Sign in with {NAME}"
ORGANIZATION = "Atlas Partner Co"  # pat's, in tests/web/test_access.py's world


@pytest.fixture
def partner(
    sso: IdentityProvider,
    world: dict[str, int],  # noqa: F811
    live_server: Any,
    tmp_path: Any,
) -> Iterator[PartnerProvider]:
    """Our provider configured (PARTNERFOLIO_OIDC_*), and Atlas Partner Co's own, vouching
    for atlas.example."""
    organization = PartnerOrganization.objects.get(name=ORGANIZATION)
    with partner_provider(
        organization, live_server.url, tmp_path, domains=["atlas.example"]
    ) as provider:
        yield provider


def to_partner_provider(page: Page, partner: PartnerProvider, login: str) -> None:
    """From the sign-in link to the partner provider's consent page, signed in as `login`."""
    page.goto(partner.link)
    page.get_by_role("button", name=BUTTON).click()
    page.wait_for_url(re.compile(rf"^{re.escape(partner.issuer)}/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever the dev login takes")
    page.get_by_role("button", name="Sign-in").click()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()


def partner_sign_in(page: Page, partner: PartnerProvider, login: str) -> int:
    """The whole journey; the status of our callback's answer (302 when it signs in)."""
    to_partner_provider(page, partner, login)
    callback = f"/accounts/sso/oidc/{partner.record.provider_id}/login/callback/"
    with page.expect_response(lambda r: callback in r.url) as answer:
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    return answer.value.status


def session_of(page: Page) -> Client:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookies[settings.SESSION_COOKIE_NAME]
    return client


def actions(user: User) -> list[str]:
    return list(
        AuditRecord.objects.filter(entity="user", entity_id=user.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_partner_user_signs_in_with_their_provider_and_reaches_only_the_portal(
    partner: PartnerProvider,
    browse: Any,
    world: dict[str, int],  # noqa: F811
) -> None:
    partner.set_people({"lena": person("Lena.Park@Atlas.example", verified=True)})
    page = browse()

    assert partner_sign_in(page, partner, "lena") == 302
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("link", name="Atlas", exact=True)).to_be_visible()

    user = User.objects.get(email__iexact="lena.park@atlas.example")
    assert (user.role, user.organization.name, user.username) == (
        "partner",
        ORGANIZATION,
        "Lena.Park",
    )
    assert not user.has_usable_password()
    assert (user.is_staff, user.is_superuser) == (False, False)
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (partner.record.provider_id, "lena")
    assert actions(user) == ["sso_user_create"]
    created = AuditRecord.objects.get(action="sso_user_create")
    assert created.after["organization"] == ORGANIZATION

    # every page answers this session as it answers pat, the partner user of the same
    # organization who signs in with a password (tests/web/test_access.py)
    ours = session_of(page)
    pat = client_for("pat")
    urls = [
        "/",
        "/partnerships/",
        "/partners/",
        "/advisor/",
        "/accounts/people/",
        "/accounts/partner-sign-in/",
        f"/accounts/partner-sign-in/{partner.record.pk}/",
        "/portal/",
        *(f"/portal/partnerships/{pk}/" for pk in world.values()),
        *(page_url.format(pk=pk) for page_url in PAGES for pk in world.values()),
    ]
    answers = {url: ours.get(url).status_code for url in urls}
    assert answers == {url: pat.get(url).status_code for url in urls}
    assert answers["/portal/"] == 200
    assert answers[f"/portal/partnerships/{world['Atlas']}/"] == 200
    assert answers[f"/portal/partnerships/{world['Birch']}/"] == 404  # not their organization's
    assert answers["/partnerships/"] == answers[f"/partnerships/{world['Atlas']}/"] == 404
    assert answers["/accounts/partner-sign-in/"] == 404

    # signing out ends our session only: not a trip to our own provider's end-session page
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    assert ours.get("/portal/").status_code == 302


def test_a_second_sign_in_keeps_the_same_account(partner: PartnerProvider, browse: Any) -> None:
    partner.set_people({"lena": person("lena@atlas.example")})
    assert partner_sign_in(browse(), partner, "lena") == 302
    user = User.objects.get(email="lena@atlas.example")

    # the provider now gives another address: the subject keeps the same account
    partner.set_people({"lena": person("lena.park@atlas.example")})
    page = browse()
    assert partner_sign_in(page, partner, "lena") == 302
    expect(page).to_have_url(re.compile(r"/portal/$"))
    assert set(User.objects.filter(role="partner").values_list("pk", flat=True)) == {
        User.objects.get(username="pat").pk,
        user.pk,
    }
    assert SocialAccount.objects.get(uid="lena").user == user
    assert SocialAccount.objects.filter(user=user).count() == 1
    assert actions(user) == ["sso_user_create"]


def test_a_partner_user_of_the_organization_is_linked_by_a_verified_address(
    partner: PartnerProvider, browse: Any
) -> None:
    pat = User.objects.get(username="pat")
    User.objects.filter(pk=pat.pk).update(email="pat@atlas.example")
    partner.set_people({"p.at": person("PAT@atlas.example")})
    page = browse()

    assert partner_sign_in(page, partner, "p.at") == 302
    expect(page).to_have_url(re.compile(r"/portal/$"))
    assert SocialAccount.objects.get(uid="p.at").user == pat
    assert User.objects.filter(email__iexact="pat@atlas.example").count() == 1
    assert actions(pat) == ["sso_link"]
    pat.refresh_from_db()
    assert pat.has_usable_password()  # the password of theirs is left as it was


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("outside the domains", "is not at a domain that Atlas sign-in may sign people in for"),
        ("unverified", "Atlas sign-in has not verified your e-mail address"),
        ("one of our people", "belongs to an account that Atlas sign-in may not sign in to"),
        ("another organization's", "belongs to an account that Atlas sign-in may not sign in to"),
        ("deactivated", "Your Partnerfolio account is deactivated"),
    ],
)
def test_a_sign_in_that_may_not_be_vouched_for_is_refused_and_creates_nothing(
    partner: PartnerProvider,
    browse: Any,
    caplog: pytest.LogCaptureFixture,
    case: str,
    says: str,
) -> None:
    caplog.set_level(logging.WARNING, logger="partnerfolio.security")
    if case == "outside the domains":
        claims = person("eve@elsewhere.example")
    elif case == "unverified":
        claims = person("eve@atlas.example", verified=False)
    elif case == "one of our people":  # mia, a manager of ours, has this address
        User.objects.filter(username="mia").update(email="mia@atlas.example")
        claims = person("Mia@atlas.example")
    elif case == "deactivated":  # pat, of this organization, is deactivated
        User.objects.filter(username="pat").update(email="pat@atlas.example", is_active=False)
        claims = person("pat@atlas.example")
    else:
        birch = PartnerOrganization.objects.get(name="Birch Partner Co")
        User.objects.create_user(
            "bo", "bo@atlas.example", PASSWORD, role="partner", organization=birch
        )
        claims = person("bo@atlas.example")
    partner.set_people({"eve": claims})
    users = {u.pk: (u.role, u.organization_id, u.email) for u in User.objects.all()}
    page = browse()

    assert partner_sign_in(page, partner, "eve") == 403
    expect(page.get_by_role("heading", name="Signing in did not work")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(says)
    assert {u.pk: (u.role, u.organization_id, u.email) for u in User.objects.all()} == users
    assert not SocialAccount.objects.exists()
    assert not AuditRecord.objects.filter(action__in=["sso_user_create", "sso_link"]).exists()
    refusals = [r for r in caplog.records if r.getMessage().startswith("partner sign-in refused")]
    assert [r.levelname for r in refusals] == ["WARNING"]
    assert session_of(page).get("/portal/").status_code == 302  # not signed in


def test_a_partner_id_token_changed_on_its_way_is_refused_like_ours(
    partner: PartnerProvider,
    browse: Any,
    token_answers: dict[str, Any],  # noqa: F811
) -> None:
    """Our checks of the signature (and the nonce, issuer, audience) hold for a partner's
    provider too: a token whose e-mail was changed to one of our people's is refused."""
    User.objects.filter(username="mia").update(email="mia@atlas.example")
    partner.set_people({"eve": person("eve@atlas.example")})

    def as_mia(token: str) -> str:
        header, payload, signature = token.split(".")
        return ".".join(
            [header, _part({**_read(payload), "email": "mia@atlas.example"}), signature]
        )

    token_answers["tamper"] = as_mia
    page = browse()
    assert partner_sign_in(page, partner, "eve") == 400
    expect(page.get_by_role("alert")).to_contain_text(
        f"{NAME} could not prove that the answer was meant for Partnerfolio"
    )
    assert token_answers["seen"]  # the partner's token endpoint answered, through allauth
    assert not SocialAccount.objects.exists()
    assert not User.objects.filter(email="eve@atlas.example").exists()


def test_a_provider_turned_off_answers_404_on_its_link_and_its_callback(
    partner: PartnerProvider, browse: Any
) -> None:
    partner.set_people({"lena": person("lena@atlas.example")})
    page = browse()
    to_partner_provider(page, partner, "lena")  # started while it is on
    partner_identity_provider_update(
        actor="the tests' administrator", provider=partner.record, changes={"enabled": False}
    )

    callback = f"/accounts/sso/oidc/{partner.record.provider_id}/login/callback/"
    with page.expect_response(lambda r: callback in r.url) as answer:
        page.get_by_role("button", name="Continue").click()
    assert answer.value.status == 404
    assert not User.objects.filter(email="lena@atlas.example").exists()
    again = browse().goto(partner.link)
    assert again is not None
    assert again.status == 404


def test_in_sso_only_mode_partner_users_sign_in_with_their_provider(
    partner: PartnerProvider, browse: Any, settings: Any
) -> None:
    settings.PARTNERFOLIO_SSO_ONLY = True
    refused = Client().post("/accounts/login/", {"username": "pat", "password": PASSWORD})
    assert refused.status_code == 403  # pat's password, as before

    partner.set_people({"lena": person("lena@atlas.example")})
    page = browse()
    assert partner_sign_in(page, partner, "lena") == 302
    expect(page).to_have_url(re.compile(r"/portal/$"))


def test_the_public_sign_in_page_names_no_partner(partner: PartnerProvider, browse: Any) -> None:
    page = browse()
    answer = page.goto("/accounts/login/")
    assert answer is not None
    html = page.content()
    csp = answer.headers["content-security-policy"]
    for secret in (ORGANIZATION, NAME, partner.issuer, partner.record.link_token, "partner-"):
        assert secret not in html
        assert secret not in csp
    buttons = page.locator("form.sso button")
    expect(buttons).to_have_text([f"Sign in with {OUR_NAME}"])
