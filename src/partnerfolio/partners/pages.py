"""Partner organizations in the pages: listed and searched, each with its partnerships,
created, and completed or corrected on a fresh
copy (sector, assets, whether and where it competes with us), through
`partner_organization_create` and `partner_organization_update` (audit and version
check). For managers and administrators (`access.can_edit_organizations`); an
organization hidden from the person answers 404, and a name in use is refused in the
same words whoever holds it (`accounts.names`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from partnerfolio.accounts import access, names
from partnerfolio.domain.enums import Sector
from partnerfolio.partners import services
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import summary_selectors
from partnerfolio.partnerships.errors import RecordError
from partnerfolio.partnerships.views import NUL, _without, playbook, today
from partnerfolio.web.forms import PageForm, YesNoField, labelled, posted_version, refused


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class OrganizationForm(PageForm):
    name = forms.CharField(label="Name", max_length=200)
    sector = forms.ChoiceField(
        label="Sector", choices=labelled(Sector, "not known"), required=False
    )
    assets = forms.CharField(
        label="What it brings (products, markets, IP…), one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competes_with_us = YesNoField(label="Competes with us")
    competes_in = forms.CharField(
        label="Markets or product lines where it competes with us, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_of(cls, organization: PartnerOrganization) -> dict[str, Any]:
        competes = organization.competes_with_us
        return {
            "name": organization.name,
            "sector": organization.sector,
            "assets": "\n".join(organization.assets or ()),
            "competes_with_us": "" if competes is None else ("yes" if competes else "no"),
            "competes_in": "\n".join(organization.competes_in or ()),
        }

    def details(self) -> dict[str, Any]:
        """The organization's details as its services take them; blank clears."""
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "sector": data["sector"] or None,
            "assets": _lines(data["assets"]) or None,
            "competes_with_us": data["competes_with_us"],
            "competes_in": _lines(data["competes_in"]) or None,
        }


def _organizer(request: HttpRequest) -> None:
    if not access.on_our_side(request.user):
        raise Http404
    if not access.can_edit_organizations(request.user):
        raise PermissionDenied("managers and administrators create and change organizations")


@require_http_methods(["GET", "POST"])
def organization_new(request: HttpRequest) -> HttpResponse:
    _organizer(request)
    form = OrganizationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            details = {k: v for k, v in form.details().items() if v is not None}
            try:
                names.check_free(request.user, PartnerOrganization, details["name"])
                created = services.partner_organization_create(actor=request.user, details=details)
            except RecordError as error:
                status = refused(form, error)
            else:
                messages.success(request, f"Created {created.name}.")
                return redirect("organization_detail", pk=created.pk)
    return render(
        request, "partners/form.html", {"form": form, "organization": None}, status=status
    )


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(access.visible_organizations(request.user), pk=pk)
    _organizer(request)
    version = organization.version
    status = 200
    if request.method == "POST":
        form, version, status = OrganizationForm(request.POST), posted_version(request), 400
        if form.is_valid():
            details = form.details()
            try:
                if details["name"] != organization.name:
                    names.check_free(
                        request.user, PartnerOrganization, details["name"], current=organization.pk
                    )
                services.partner_organization_update(
                    actor=request.user,
                    organization=organization,
                    expected_version=version,
                    changes=details,
                )
            except RecordError as error:
                status = refused(form, error)
            else:
                messages.success(request, f"Saved {details['name']}.")
                return redirect("organization_detail", pk=pk)
    else:
        form = OrganizationForm(initial=OrganizationForm.initial_of(organization))
    return render(
        request,
        "partners/form.html",
        {"form": form, "organization": organization, "version": version},
        status=status,
    )


@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    visible = access.visible_partnerships(request.user)
    query = (
        access.visible_organizations(request.user)
        .prefetch_related(Prefetch("partnerships", queryset=visible.order_by("name")))
        .order_by("name")
    )
    text = request.GET.get("q", "").strip()
    refusal = None
    if NUL in text:
        refusal = (
            "The search holds a NUL character (%00), which no organization's name contains: "
            "nothing matches."
        )
        query = query.none()
    elif text:
        query = query.filter(name__icontains=text)
    page = Paginator(query, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/list.html",
        {
            "page": page,
            "q": text,
            "querystring": _without(request.GET, "page"),
            "refusal": refusal,
            "may_create": access.can_edit_organizations(request.user),
        },
    )


@require_GET
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(access.visible_organizations(request.user), pk=pk)
    partnerships = list(
        access.visible_partnerships(request.user)
        .filter(partners=organization)
        .select_related("summary")
        .order_by("name")
    )
    freshness = summary_selectors.shown(partnerships, today(), playbook())
    return render(
        request,
        "partners/detail.html",
        {
            "organization": organization,
            "partnerships": partnerships,
            "freshness": freshness,
            "may_manage_people": access.can_create(request.user),
            "may_edit_organization": access.can_edit_organizations(request.user),
            # administrators: its identity provider, if any (accounts.partner_providers_views)
            "may_manage_sign_in": access.is_admin(request.user),
            "identity_provider": getattr(organization, "identity_provider", None),
        },
    )
