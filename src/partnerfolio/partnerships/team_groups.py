"""Teams from the company's identity provider's groups (docs/sso.md, "Teams from groups").

A manager names, on a partnership's Team page, the groups at the identity provider whose
people work on it (`partnership_team_groups_set`). At every single sign-on the person's
groups are read again (`sso_team_sync`): they join the teams of the partnerships linked to
one of their groups, and leave those that a group of theirs had put them on when they are
no longer in it. A membership made by hand (`via_group` empty) is never taken away by a
sign-in, and the owner's stays. Every change bumps the partnership's version (a Team page
opened before is then refused, not silently overwritten) and is audited on the
partnership, with the group in the record.
"""

from __future__ import annotations

from django.db import transaction

from partnerfolio.accounts.models import Role, User
from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.interchange import Problem
from partnerfolio.partnerships import models
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.partnerships.records import check_version, locked

GROUP_LIMIT = 200  # TeamGroup.group
GROUPS_EACH = 20  # groups linked to one partnership


def group_names(claim: object) -> set[str]:
    """The groups a provider's claim lists (a list of names; a lone name is one group)."""
    if isinstance(claim, str):
        claim = [claim]
    if not isinstance(claim, list | tuple):
        return set()
    return {g.strip() for g in claim if isinstance(g, str) and g.strip()}


def linked_groups(partnership: models.Partnership) -> list[str]:
    return sorted(
        models.TeamGroup.objects.filter(partnership=partnership).values_list("group", flat=True)
    )


@transaction.atomic
def partnership_team_groups_set(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    groups: list[str],
) -> models.Partnership:
    """Link these groups (names at the identity provider) to the partnership's team.

    People a group that is no longer linked had put on the team leave it now (an owner
    stays, as one put there by hand); the people of a newly linked group join at their
    next sign-in, when the provider tells us who they are."""
    partnership = locked(partnership)
    check_version(partnership, expected_version, partnership.name)
    wanted = sorted({g.strip() for g in groups if g.strip()})
    problems = [
        Problem("team_groups", f"a group's name has at most {GROUP_LIMIT} characters: {g[:40]}…")
        for g in wanted
        if len(g) > GROUP_LIMIT
    ]
    if len(wanted) > GROUPS_EACH:
        problems.append(Problem("team_groups", f"at most {GROUPS_EACH} groups"))
    if problems:
        raise InvalidChange(problems)
    current = linked_groups(partnership)
    if current == wanted:
        return partnership
    dropped = sorted(set(current) - set(wanted))
    models.TeamGroup.objects.filter(partnership=partnership, group__in=dropped).delete()
    models.TeamGroup.objects.bulk_create(
        models.TeamGroup(partnership=partnership, group=g) for g in set(wanted) - set(current)
    )
    leaving = models.TeamMember.objects.filter(partnership=partnership, via_group__in=dropped)
    left = sorted(leaving.filter(owner=False).values_list("user__username", flat=True))
    leaving.filter(owner=False).delete()
    leaving.update(via_group="")  # owners stay, as if put there by hand
    partnership.version += 1
    partnership.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=actor,
        action="partnership_team_groups_set",
        entity="partnership",
        entity_id=partnership.pk,
        partnership=partnership,
        before={"team_groups": current},
        after={"team_groups": wanted, "left": left},
    )
    return partnership


def sso_team_sync(*, user: User, groups: object, provider: str) -> None:
    """The person's teams as their groups at `provider` say, read at this sign-in."""
    if user.role == Role.PARTNER or not user.is_active:
        return
    names = group_names(groups)
    wanted: dict[int, str] = {}
    for pid, group in (
        models.TeamGroup.objects.filter(group__in=names)
        .order_by("group")
        .values_list("partnership_id", "group")
    ):
        wanted.setdefault(pid, group)
    current = {
        pid: (via, owner)
        for pid, via, owner in models.TeamMember.objects.filter(user=user).values_list(
            "partnership_id", "via_group", "owner"
        )
    }
    joins = {pid: g for pid, g in wanted.items() if pid not in current}
    leaves = {
        pid: via for pid, (via, owner) in current.items() if via and not owner and pid not in wanted
    }
    for pid, (via, _) in current.items():  # still on it, through another of their groups
        if via and pid in wanted and via not in names:
            models.TeamMember.objects.filter(partnership_id=pid, user=user).update(
                via_group=wanted[pid]
            )
    for pid in sorted(joins.keys() | leaves.keys()):
        with transaction.atomic():
            partnership = models.Partnership.objects.select_for_update().filter(pk=pid).first()
            if partnership is None:
                continue
            if pid in joins:
                _, made = models.TeamMember.objects.get_or_create(
                    partnership=partnership, user=user, defaults={"via_group": joins[pid]}
                )
                action, group = "sso_team_join", joins[pid]
            else:
                made = bool(
                    models.TeamMember.objects.filter(
                        partnership=partnership, user=user, owner=False, via_group=leaves[pid]
                    ).delete()[0]
                )
                action, group = "sso_team_leave", leaves[pid]
            if not made:
                continue  # changed meanwhile by someone else: nothing to record
            partnership.version += 1
            partnership.save(update_fields=["version", "updated_at"])
            audit_record(
                actor=user,
                action=action,
                entity="partnership",
                entity_id=partnership.pk,
                partnership=partnership,
                after={"user": user.get_username(), "group": group},
                note=f"from the groups at {provider}",
            )
