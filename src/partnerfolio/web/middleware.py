"""htmx requests that end on the sign-in page send the whole window there."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxSignInMiddleware:
    """When a session ends while a page is open, a form sent with htmx would otherwise put
    the sign-in page inside the partnership page; this sends the browser there instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code == 302:
            location = response.get("Location", "")
            if location.startswith(resolve_url(settings.LOGIN_URL)):
                return HttpResponseClientRedirect(location)
        return response


class OurSideOnlyMiddleware:
    """Partner users work in the portal: every page of ours answers them 404, except the
    site's address itself, which sends them to the portal (where a bookmark of the site
    or its bare address should land them)."""

    OPEN = ("/portal/", "/accounts/", "/static/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from partnerfolio.accounts.access import role_of

        if role_of(request.user) == "partner" and not request.path.startswith(self.OPEN):
            if request.path == "/" and request.method in ("GET", "HEAD"):
                return redirect("portal:home")
            raise Http404("not a page of the partner portal")
        return self.get_response(request)
