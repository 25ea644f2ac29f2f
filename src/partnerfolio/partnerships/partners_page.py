"""The partners of a partnership in the pages: add one (an organization one may see, or
a new one named on the spot), remove one, move one up or down. Each button is a form
of its own carrying the whole new order, so the page works without script; the order
is stored on a fresh copy by `partnership_partners_set`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerfolio.accounts import access, names
from partnerfolio.partnerships.errors import RecordError
from partnerfolio.partnerships.memberships import partner_names, partnership_partners_set
from partnerfolio.partnerships.views import _partnership
from partnerfolio.web.forms import PageForm, posted_version, refused


def _orders(current: list[str]) -> list[dict[str, object]]:
    """Each partner with the order its Up, Down and Remove buttons would store."""
    rows = []
    for n, name in enumerate(current):
        up = current[:]
        if n:
            up[n - 1], up[n] = up[n], up[n - 1]
        down = current[:]
        if n < len(current) - 1:
            down[n], down[n + 1] = down[n + 1], down[n]
        rows.append(
            {
                "name": name,
                "up": up if n else None,
                "down": down if n < len(current) - 1 else None,
                "remove": [p for p in current if p != name],
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def partnership_partners(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk, edit=request.method == "POST")
    form = PageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        wanted = [n for n in request.POST.getlist("partners") if n.strip()]
        added = (request.POST.get("add_existing") or request.POST.get("add_new") or "").strip()
        if added and added not in wanted:
            wanted.append(added)
        current = set(partner_names(partnership))
        try:
            names.check_partners(request.user, [{"name": n} for n in wanted if n not in current])
            partnership_partners_set(
                actor=request.user,
                partnership=partnership,
                expected_version=posted_version(request),
                partners=wanted,
            )
        except RecordError as error:
            status = refused(form, error)
        else:
            messages.success(request, "Saved the partners.")
            return redirect("partnership_partners", pk=pk)
        partnership.refresh_from_db()
    current = partner_names(partnership)
    may_edit = access.can_edit(request.user, partnership)
    choices = (
        access.visible_organizations(request.user)
        .exclude(name__in=current)
        .order_by("name")
        .values_list("name", flat=True)
        if may_edit
        else []
    )
    return render(
        request,
        "partnerships/partners.html",
        {"partnership": partnership, "rows": _orders(current), "current": current,
         "choices": list(choices), "may_edit": may_edit, "form": form},
        status=status,
    )  # fmt: skip
