"""Deleting a partnership (with a reason, undone by an administrator) and the deleted
partnerships' page, where an administrator restores one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from partnerfolio.accounts import access
from partnerfolio.metrics.models import Observation
from partnerfolio.partnerships import services
from partnerfolio.partnerships.errors import InUse, InvalidChange, RecordError, StaleEdit
from partnerfolio.partnerships.records import EVIDENCE_MODELS
from partnerfolio.partnerships.views import _partnership
from partnerfolio.web.forms import posted_version


def partnership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a partnership, with a reason, on a fresh copy; an administrator can bring it
    back from the deleted partnerships (its audit record keeps it)."""
    partnership = _partnership(request, pk, edit=True)
    if not access.can_govern(request.user, partnership):
        raise PermissionDenied("only managers and administrators delete a partnership")
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        name = partnership.name
        try:
            services.partnership_delete(
                actor=request.user,
                partnership=partnership,
                expected_version=posted_version(request),
                reason=request.POST.get("reason", ""),
            )
        except StaleEdit as stale:
            errors["general"] = str(stale)
        except InUse as in_use:
            errors["general"] = "; ".join(p.message for p in in_use.problems)
        except InvalidChange as refused:
            errors.update({p.path or "general": p.message for p in refused.problems})
        if not errors:
            messages.success(
                request,
                f"Deleted “{name}”. An administrator can restore it from the deleted partnerships.",
            )
            return redirect("partnership_list")
        status = 409 if "general" in errors else 400
    return render(
        request,
        "partnerships/delete.html",
        {
            "partnership": partnership,
            "evidence_count": sum(
                model.objects.filter(partnership=partnership).count()
                for model in EVIDENCE_MODELS.values()
            ),
            "metric_count": partnership.metrics.count(),
            "observation_count": Observation.objects.filter(
                metric__partnership=partnership
            ).count(),
            "event_count": partnership.events.count(),
            "may_restore": access.is_admin(request.user),
            "form": request.POST if request.method == "POST" else {},
            "errors": errors,
            "version": request.POST.get("version")
            if request.method == "POST"
            else partnership.version,
        },
        status=status,
    )


def _deleted_page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    deleted = services.deleted_partnerships()
    return render(
        request,
        "partnerships/deleted.html",
        {
            "deleted": [
                (
                    record,
                    isinstance(record.before, dict) and bool(record.before.get("confidential")),
                )
                for record in deleted
            ],
            "error": error,
        },
        status=status,
    )


def _admin_only(request: HttpRequest) -> None:
    """The deleted partnerships name confidential ones: administrators only, and for
    everyone else the pages do not exist."""
    if not access.is_admin(request.user):
        raise Http404("no such page")


@require_GET
def deleted_partnerships(request: HttpRequest) -> HttpResponse:
    """The deletions an administrator can undo: name, when, by whom and why."""
    _admin_only(request)
    return _deleted_page(request)


def partnership_restore(request: HttpRequest, deletion: int) -> HttpResponse:
    """Bring a deleted partnership back (a new id), with its confidential mark and team."""
    _admin_only(request)
    if request.method != "POST":
        return redirect("deleted_partnerships")
    try:
        restored = services.partnership_restore(actor=request.user, deletion=deletion)
    except InvalidChange as refused:
        missing = any(p.path == "deletion" for p in refused.problems)  # no such deletion
        said = "; ".join(p.message for p in refused.problems)
        return _deleted_page(request, said, status=404 if missing else 409)
    except RecordError as refused:
        return _deleted_page(request, str(refused), status=409)
    messages.success(
        request,
        f"Restored “{restored.name}”"
        + (
            " (confidential: known only to its team and administrators)."
            if restored.confidential
            else "."
        ),
    )
    return redirect("partnership_detail", pk=restored.pk)
