"""Signing in over SAML 2.0 (docs/sso.md): allauth's saml provider, on OneLogin's
python3-saml, with the account rules of `partnerfolio.accounts.sso`.

The provider is built from PARTNERFOLIO_SAML_* (never from the database): our entity id
is PARTNERFOLIO_BASE_URL's metadata address; the identity provider's metadata (its
entity id, sign-in address and signing certificate) is read from
PARTNERFOLIO_SAML_METADATA_URL, which allauth keeps in the cache for four hours.
python3-saml, in strict mode, checks each answer's signature (the assertion must be
signed), issuer, audience (our entity id), destination and recipient (our ACS), and its
times (NotBefore, NotOnOrAfter, with five minutes' leeway); allauth matches its
InResponseTo to a sign-in started in this browser (the state kept in the session, used
once) and refuses an answer that answers none (IdP-initiated). We add the replay check:
each accepted assertion's ID is recorded until its NotOnOrAfter (`UsedAssertion`), and the
same assertion again is refused.

allauth builds these views' URLs from its own module; ours are routed in
`partnerfolio.accounts.urls` under the names allauth reverses: the sign-in button, the
assertion consumer service (and its second step, which reads the session), our metadata.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.saml import provider as allauth_saml
from allauth.socialaccount.providers.saml import utils as allauth_saml_utils
from allauth.socialaccount.providers.saml import views as allauth_saml_views
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from onelogin.saml2.settings import OneLogin_Saml2_Settings

from partnerfolio.accounts import sso
from partnerfolio.accounts.models import UsedAssertion

PROVIDER = "saml"  # allauth's provider, and each linked account's
SLUG = "saml"  # our one app of it (allauth's organization slug): in its URLs
ACS_COOKIE = "saml-acs-session"  # allauth's, from the ACS to its second step
UNDATED_KEPT = dt.timedelta(days=1)  # an assertion without NotOnOrAfter is kept this long
LEEWAY = dt.timedelta(minutes=5)  # python3-saml accepts times this far off
UNREADABLE_SECONDS = 60  # the IdP's metadata is not asked for again before this

# why an answer failed, by the words python3-saml uses -> our reason, status
CHECKS = (
    ("status code of the Response was not Success", "cancelled", 403),
    ("is not signed", "unsigned", 400),
    ("No Signature found", "unsigned", 400),
    ("Signature", "signature", 400),  # validation failed, unexpected or wrong element
    ("Reference", "signature", 400),
    ("expired", "expired", 400),
    ("not yet valid", "expired", 400),
    ("valid audience", "audience", 400),
    ("was received at", "audience", 400),  # another site's ACS
)


def configured() -> bool:
    return bool(settings.PARTNERFOLIO_SAML_METADATA_URL)


def entity_id() -> str:
    """Ours: PARTNERFOLIO_BASE_URL's metadata address, never a request's Host header."""
    path = reverse("saml_metadata", kwargs={"organization_slug": SLUG})
    return settings.PARTNERFOLIO_BASE_URL.rstrip("/") + path


def app() -> SocialApp:
    """The provider of PARTNERFOLIO_SAML_*."""
    return SocialApp(
        provider=PROVIDER,
        client_id=SLUG,
        name=settings.PARTNERFOLIO_SAML_NAME,
        settings={
            "idp": {"entity_id": None, "metadata_url": settings.PARTNERFOLIO_SAML_METADATA_URL},
            "sp": {"entity_id": entity_id()},
            # the subject is the NameID; the e-mail address is read by `identity_of`
            "attribute_mapping": {"email": [settings.PARTNERFOLIO_SAML_EMAIL_ATTRIBUTE]},
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
                "want_attribute_statement": True,
                "want_name_id": True,
                "reject_deprecated_algorithm": True,
            },
        },
    )


def identity_of(sociallogin: SocialLogin) -> sso.Identity:
    """What the assertion said: its attributes (lists of values) and its NameID."""
    attributes = sociallogin.account.extra_data or {}
    emails = attributes.get(settings.PARTNERFOLIO_SAML_EMAIL_ATTRIBUTE) or []
    return sso.Identity(
        name=settings.PARTNERFOLIO_SAML_NAME,
        subject=sociallogin.account.uid,
        email=emails[0] if isinstance(emails, list) and emails else None,
        email_verified=settings.PARTNERFOLIO_SAML_EMAIL_VERIFIED,
        groups=attributes.get(settings.PARTNERFOLIO_SAML_GROUPS_ATTRIBUTE),
        role_groups=settings.PARTNERFOLIO_SAML_ROLE_GROUPS,
        link_note=(
            "linked by the e-mail address, which PARTNERFOLIO_SAML_EMAIL_VERIFIED declares "
            "the identity provider verifies"
        ),
    )


def sign_in_option() -> sso.SignInOption | None:
    if not configured():
        return None
    url = reverse("saml_login", kwargs={"organization_slug": SLUG})
    return sso.SignInOption(name=settings.PARTNERFOLIO_SAML_NAME, url=url)


def _idp_metadata() -> dict[str, Any] | None:
    """The identity provider's metadata as python3-saml parsed it (allauth keeps it in the
    cache), or None when it cannot be read (logged; not tried again for a minute, so that
    the sign-in page does not wait on a provider that is down)."""
    unreadable = f"partnerfolio.saml.unreadable.{settings.PARTNERFOLIO_SAML_METADATA_URL}"
    if cache.get(unreadable):
        return None
    try:
        return allauth_saml_utils.fetch_metadata_url_config(app().settings["idp"])
    except Exception as problem:  # python3-saml raises plain Exception for bad metadata
        sso.log.warning("single sign-on: the SAML metadata could not be read (%r)", problem)
        cache.set(unreadable, True, UNREADABLE_SECONDS)
        return None


def form_action_origins() -> list[str]:
    """Where the sign-in button's redirect may go: the identity provider's sign-in
    address's origin (from its metadata), and its metadata URL's."""
    if not configured():
        return []
    addresses = [settings.PARTNERFOLIO_SAML_METADATA_URL]
    metadata = _idp_metadata()
    if metadata:
        addresses.append(metadata["idp"].get("singleSignOnService", {}).get("url", ""))
    origins = []
    for address in addresses:
        parts = urlsplit(address)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in {"http", "https"} and origin not in origins:
            origins.append(origin)
    return origins


def failure(error: Any, context: dict[str, Any]) -> tuple[str, int]:
    """Our reason and status for a failed answer (`SingleSignOn.on_authentication_error`)."""
    if error == AuthError.CANCELLED:
        return "cancelled", 403
    if "saml_errors" not in context:
        # the only other way allauth's ACS fails: an answer to no sign-in of ours
        return "unsolicited", 400
    said = str(context.get("saml_last_error_reason") or "")
    for words, reason, status in CHECKS:
        if words in said:
            return reason, status
    return "unverified", 400


def assertion_once(auth: Any) -> None:
    """Records the assertion's ID until it expires; refuses one recorded already."""
    now = timezone.now()
    expires = auth.get_last_assertion_not_on_or_after()
    until = (
        dt.datetime.fromtimestamp(expires, tz=dt.UTC) + LEEWAY if expires else now + UNDATED_KEPT
    )
    assertion = str(auth.get_last_assertion_id() or "")[:255]
    UsedAssertion.objects.filter(not_on_or_after__lt=now).delete()
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(assertion_id=assertion, not_on_or_after=until)
    except IntegrityError:
        sso.log.warning("single sign-on refused: SAML assertion %r was used already", assertion)
        raise sso.Refused("replay", name=settings.PARTNERFOLIO_SAML_NAME, status=400) from None


class SAMLProvider(allauth_saml.SAMLProvider):
    """allauth's, refusing an assertion it has accepted before."""

    def sociallogin_from_response(self, request: HttpRequest, response: Any) -> SocialLogin:
        assertion_once(response)  # called once python3-saml found the answer valid
        return super().sociallogin_from_response(request, response)


def _guarded(view: Any, request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """allauth's view, with our page for an unreadable metadata, an answer to no sign-in of
    this browser's (allauth's PermissionDenied), and a replay."""
    if not configured():
        raise Http404("SAML is not configured")  # (allauth's ACS would keep any POST)
    name = settings.PARTNERFOLIO_SAML_NAME
    try:
        if _idp_metadata() is None:
            raise sso.Refused("unreachable", name=name, status=502)
        return view(request, **kwargs)
    except PermissionDenied:
        sso.log.warning("single sign-on refused: the SAML answer matches no sign-in started here")
        return sso.Refused("state", name=name, status=400).page(request)
    except sso.Refused as refused:
        return refused.page(request)


@login_not_required
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """The sign-in button posts here; allauth sends the browser to the identity provider
    with an AuthnRequest. A GET goes back to the sign-in page."""
    if request.method != "POST":
        return redirect("login")
    return _guarded(allauth_saml_views.login, request, organization_slug=organization_slug)


@csrf_exempt  # the identity provider's page posts the answer here
@login_not_required
@require_http_methods(["POST"])
def acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """Keeps the answer aside (the session cookie does not come with another site's POST)
    and sends the browser on to `finish_acs`, which has it."""
    return _guarded(allauth_saml_views.acs, request, organization_slug=organization_slug)


@login_not_required
@require_http_methods(["GET"])
def finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """The answer checked, matched to this browser's sign-in, and the person let in."""
    if configured() and not request.COOKIES.get(ACS_COOKIE):
        sso.log.warning("single sign-on refused: no SAML answer kept for this browser")
        return sso.Refused("state", name=settings.PARTNERFOLIO_SAML_NAME, status=400).page(request)
    return _guarded(allauth_saml_views.finish_acs, request, organization_slug=organization_slug)


@login_not_required
@require_http_methods(["GET"])
def metadata(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """Our metadata, for the operator to give the identity provider: our entity id, our
    ACS (HTTP-POST binding), and that we want assertions signed. allauth's, without the
    single logout service it would name (none is built: `single_logout`)."""
    provider = allauth_saml_utils.get_app_or_404(request, organization_slug).get_provider(request)
    if _idp_metadata() is None:
        return sso.Refused("unreachable", name=provider.app.name, status=502).page(request)
    config = allauth_saml_utils.build_saml_config(request, provider.app.settings, SLUG)
    config["sp"].pop("singleLogoutService", None)
    described = OneLogin_Saml2_Settings(settings=config, sp_validation_only=True)
    return HttpResponse(described.get_sp_metadata(), content_type="application/samlmetadata+xml")


@login_not_required
def single_logout(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth builds its configuration with a single logout address; none is built (our
    metadata names none), so it answers 404."""
    raise Http404("single logout is not built")
