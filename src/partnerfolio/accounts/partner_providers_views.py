"""Pages of partner organizations' identity providers (docs/sso.md): the administrators'
list, add, edit (turning off is a setting) and remove with a confirmation; and the
sign-in link an administrator sends to the partner, which answers 404 unless its provider
is on. Partner users get 404 on the administrators' pages, our other people 403."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from partnerfolio.accounts import access
from partnerfolio.accounts import partner_providers as services
from partnerfolio.accounts.models import PartnerIdentityProvider
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.web.forms import PageForm

SECRET_SET = "Client secret (one is set: leave this blank to keep it, or type a new one)"


class ProviderForm(PageForm):
    organization = forms.ModelChoiceField(
        label="Partner organization",
        queryset=PartnerOrganization.objects.none(),
        error_messages={
            "invalid_choice": (
                "That organization has an identity provider already, or no longer exists: "
                "change the one it has."
            )
        },
    )
    name = forms.CharField(label="Name on its sign-in button", max_length=100)
    issuer = forms.CharField(label="Issuer (its discovery document's address)", max_length=500)
    client_id = forms.CharField(label="Client id", max_length=200)
    client_secret = forms.CharField(
        label="Client secret",
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    email_claim = forms.CharField(
        label="Claim holding the e-mail address", max_length=100, initial="email"
    )
    domains = forms.CharField(
        label="E-mail domains it may vouch for, one per line",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    enabled = forms.BooleanField(
        label="On: its people may sign in with it", required=False, initial=True
    )

    def __init__(self, *args: Any, provider: PartnerIdentityProvider | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.provider = provider
        if provider is None:
            self.fields["organization"].queryset = PartnerOrganization.objects.filter(  # type: ignore[attr-defined]
                identity_provider__isnull=True
            ).order_by("name")
        else:
            del self.fields["organization"]
            self.fields["client_secret"].required = False
            self.fields["client_secret"].label = SECRET_SET

    @classmethod
    def initial_of(cls, provider: PartnerIdentityProvider) -> dict[str, Any]:
        return {
            "name": provider.name,
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "email_claim": provider.email_claim,
            "domains": "\n".join(provider.domains),
            "enabled": provider.enabled,
        }

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].strip().rstrip("/")
        problem = services.issuer_problem(issuer)
        if problem:
            raise forms.ValidationError(problem)
        return issuer

    def clean_email_claim(self) -> str:
        claim = self.cleaned_data["email_claim"].strip()
        problem = services.claim_problem(claim)
        if problem:
            raise forms.ValidationError(problem)
        return claim

    def clean_domains(self) -> list[str]:
        domains, wrong = services.parse_domains(self.cleaned_data["domains"])
        if wrong:
            raise forms.ValidationError(
                f"Not a domain name: {', '.join(wrong)} (write them as example.com)."
            )
        if not domains:
            raise forms.ValidationError("Name at least one domain, such as example.com.")
        return domains

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # a provider turned on is checked against its discovery document; one saved off
        # (while it is down, say) is not fetched
        if data.get("enabled") and data.get("issuer") and not self.errors:
            problem = services.discovery_problem(data["issuer"])
            if problem:
                self.add_error("issuer", problem)
        return data

    def settings(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "organization"}


def _administrators_only(request: HttpRequest) -> None:
    if not access.on_our_side(request.user):
        raise Http404("not a page of the partner portal")
    if not access.is_admin(request.user):
        raise PermissionDenied("administrators manage partner organizations' sign-in")


def _links(request: HttpRequest, provider: PartnerIdentityProvider) -> dict[str, str]:
    """The sign-in link to send to the partner and the redirect URI their IT registers,
    built from this request's address as allauth builds the callback's."""
    return {
        "sign_in_link": request.build_absolute_uri(
            reverse("partner_sign_in", kwargs={"token": provider.link_token})
        ),
        "redirect_uri": request.build_absolute_uri(
            reverse("openid_connect_callback", kwargs={"provider_id": provider.provider_id})
        ),
    }


@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    _administrators_only(request)
    providers = PartnerIdentityProvider.objects.select_related("organization")
    return render(
        request,
        "accounts/partner_providers.html",
        {
            "providers": providers,
            "organizations": PartnerOrganization.objects.filter(
                identity_provider__isnull=True
            ).order_by("name"),
        },
    )


@require_http_methods(["GET", "POST"])
def provider_new(request: HttpRequest) -> HttpResponse:
    _administrators_only(request)
    if request.method == "POST":
        form = ProviderForm(request.POST)
        provider = None
        if form.is_valid():
            try:
                provider = services.partner_identity_provider_create(
                    actor=request.user,  # type: ignore[arg-type]
                    organization=form.cleaned_data["organization"],
                    **form.settings(),
                )
            except IntegrityError:  # another administrator added one meanwhile
                form.add_error(
                    "organization", form.fields["organization"].error_messages["invalid_choice"]
                )
        if provider is not None:
            messages.success(
                request,
                f"Added {provider.name} for {provider.organization.name}: send its sign-in "
                "link to them, and the redirect URI to their IT.",
            )
            return redirect("partner_provider_edit", pk=provider.pk)
    else:
        form = ProviderForm(initial={"organization": request.GET.get("organization") or None})
    return render(
        request,
        "accounts/partner_provider_form.html",
        {"form": form, "provider": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _administrators_only(request)
    provider = get_object_or_404(
        PartnerIdentityProvider.objects.select_related("organization"), pk=pk
    )
    if request.method == "POST":
        form = ProviderForm(request.POST, provider=provider)
        if form.is_valid():
            provider = services.partner_identity_provider_update(
                actor=request.user,  # type: ignore[arg-type]
                provider=provider,
                changes=form.settings(),
            )
            state = "on" if provider.enabled else "off: its sign-in link answers 404"
            messages.success(request, f"Saved {provider.name}; it is {state}.")
            return redirect("partner_provider_edit", pk=provider.pk)
    else:
        form = ProviderForm(initial=ProviderForm.initial_of(provider), provider=provider)
    return render(
        request,
        "accounts/partner_provider_form.html",
        {"form": form, "provider": provider, **_links(request, provider)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def provider_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _administrators_only(request)
    provider = get_object_or_404(
        PartnerIdentityProvider.objects.select_related("organization"), pk=pk
    )
    if request.method == "POST":
        name, organization = provider.name, provider.organization.name
        services.partner_identity_provider_delete(
            actor=request.user,  # type: ignore[arg-type]
            provider=provider,
        )
        messages.success(
            request, f"Removed {name}: people of {organization} no longer sign in with it."
        )
        return redirect("partner_providers")
    return render(request, "accounts/partner_provider_remove.html", {"provider": provider})


@login_not_required
@require_GET
def partner_sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to the partner: a page with its one button, which posts to allauth's
    sign-in view for this provider. 404 for a link no provider turned on holds."""
    provider = (
        PartnerIdentityProvider.objects.select_related("organization")
        .filter(link_token=token, enabled=True)
        .first()
    )
    if provider is None:
        raise Http404("no such sign-in link")
    if request.user.is_authenticated:
        return redirect("portal:start")
    response = render(
        request,
        "accounts/partner_sign_in.html",
        {
            "provider": provider,
            "login_url": reverse(
                "openid_connect_login", kwargs={"provider_id": provider.provider_id}
            ),
        },
    )
    # the button's form leads to the provider's origin (sso.let_the_button_leave)
    issuer = urlsplit(provider.issuer)
    response._csp_update = {"form-action": [f"{issuer.scheme}://{issuer.netloc}"]}  # type: ignore[attr-defined]
    response["X-Robots-Tag"] = "noindex"
    return response
