"""The partners of a partnership, in their order: set as a whole on a fresh copy
(`partnership_partners_set`), an organization named for the first time created with its
own audit record."""

from __future__ import annotations

from django.db import transaction

from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.interchange import Problem
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partners.services import partner_organization_create
from partnerfolio.partnerships import models
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.partnerships.records import check_version, locked

NAME_LIMIT = 200  # PartnerOrganization.name


def partner_names(partnership: models.Partnership) -> list[str]:
    return list(
        models.PartnershipPartner.objects.filter(partnership=partnership)
        .order_by("position", "id")
        .values_list("partner__name", flat=True)
    )


@transaction.atomic
def partnership_partners_set(
    *, actor: Actor, partnership: models.Partnership, expected_version: int, partners: list[str]
) -> models.Partnership:
    """Make `partners` (organization names, in order) the partnership's partners."""
    wanted = [name.strip() for name in partners]
    problems = [
        Problem(f"partners[{n}]", "name the organization")
        if not name
        else Problem(f"partners[{n}]", f"at most {NAME_LIMIT} characters")
        for n, name in enumerate(wanted)
        if not name or len(name) > NAME_LIMIT
    ]
    problems += [
        Problem(f"partners[{n}]", "must not contain a NUL character")
        for n, name in enumerate(wanted)
        if "\x00" in name
    ]
    seen: set[str] = set()
    for n, name in enumerate(wanted):
        if name in seen:
            problems.append(Problem(f"partners[{n}]", f"{name} is named twice"))
        seen.add(name)
    if problems:
        raise InvalidChange(problems)
    row = locked(partnership)
    check_version(row, expected_version, row.name)
    before = partner_names(row)
    if before == wanted:
        return row
    stored = {o.name: o for o in PartnerOrganization.objects.filter(name__in=wanted)}
    for name in wanted:
        if name not in stored:
            stored[name] = partner_organization_create(
                actor=actor, details={"name": name}, note=f"named as a partner of {row.name}"
            )
    models.PartnershipPartner.objects.filter(partnership=row).delete()
    models.PartnershipPartner.objects.bulk_create(
        models.PartnershipPartner(partnership=row, partner=stored[name], position=n)
        for n, name in enumerate(wanted)
    )
    row.version += 1
    row.save()
    audit_record(
        actor=actor,
        action="partnership_partners_set",
        entity="partnership",
        entity_id=row.pk,
        partnership=row,
        before={"partners": before},
        after={"partners": wanted},
    )
    return row
