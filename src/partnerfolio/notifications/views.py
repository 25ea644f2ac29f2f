"""Each person's own notifications: the list, marking read, the unread count.

Only the recipient ever sees a notification: anyone else's answers 404. A notification
about a partnership the person may no longer see (they left its team, it became
confidential) is hidden too.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from partnerfolio.accounts import access
from partnerfolio.notifications.models import Notification

PER_PAGE = 50


def own(request: HttpRequest) -> QuerySet[Notification]:
    return Notification.objects.filter(
        recipient=request.user,
        partnership__in=access.visible_partnerships(request.user).values("pk"),
    )


def unread(request: HttpRequest) -> int:
    if not getattr(request.user, "is_authenticated", False):
        return 0
    return own(request).filter(read_at__isnull=True).count()


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = own(request).select_related("partnership")
    if request.GET.get("show") == "unread":
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": unread(request), "show": request.GET.get("show", "")},
    )


@require_GET
def unread_count(request: HttpRequest) -> HttpResponse:
    """The count alone, as text, for a header badge refreshed by htmx."""
    return HttpResponse(str(unread(request)), content_type="text/plain; charset=utf-8")


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notes = own(request).filter(pk=pk)
    if not notes.exists():
        raise Http404("no such notification")
    notes.filter(read_at__isnull=True).update(read_at=timezone.now())
    if request.htmx:
        return render(
            request, "notifications/_item.html", {"n": notes.select_related("partnership").get()}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "notifications:list"
    return redirect(target)


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    own(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications:list")
