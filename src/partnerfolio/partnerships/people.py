"""The people of a partnership: its owner, our executive sponsor and our relationship
manager, each an account of this installation or a name written for someone without one.

The document keeps names (`governance.owner`…), so the framework reads the same either
way; the account beside a name (`owner_account`…) is what makes "my partnerships" and
alerts to the owner work. An account holds while the name written is its name (alone,
or with a note in brackets: "Elena Marsh (VP Alliances)"): a service
that writes another name (an edit, an import, a promotion) lets the account go
(`forget_renamed`). The owner's account is always on the team, flagged owner, so the
alerts about the partnership reach it (`notifications.alerts.recipients`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q

from partnerfolio.accounts.models import Role, User
from partnerfolio.audit.services import Actor, audit_record
from partnerfolio.interchange import Problem
from partnerfolio.partnerships import models
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.partnerships.records import check_version, locked

ROLES = {
    "owner": "owner_account",
    "executive_sponsor": "executive_sponsor_account",
    "relationship_manager": "relationship_manager_account",
}
NAME_LIMIT = 500


def display_name(user: User) -> str:
    """How an account is written as a partnership's person: its full name, else its username."""
    return user.get_full_name().strip() or user.get_username()


def names(written: str, user: User) -> bool:
    """Whether `written` names this account: its name, alone or followed by a note in
    brackets ("Elena Marsh (VP Alliances, Northwind Software)", as people are often
    written in governance)."""
    name = display_name(user)
    return written == name or written.startswith(f"{name} (")


def our_people() -> Any:
    """The accounts that may be a partnership's people: active, on our side."""
    return User.objects.filter(is_active=True).exclude(role=Role.PARTNER).order_by("username")


def account_choices() -> list[tuple[str, str]]:
    """The accounts to choose from in a form, by name (username)."""
    return [("", "– someone without an account, named below –")] + [
        (str(u.pk), f"{display_name(u)} ({u.get_username()})") for u in our_people()
    ]


def mine(user: Any) -> Q:
    """The partnerships this person owns, sponsors or manages, or is flagged owner on."""
    owned = models.TeamMember.objects.filter(user=user, owner=True).values("partnership_id")
    return (  # a subquery, not a join: no duplicate rows, no DISTINCT over the portfolio
        Q(owner_account=user)
        | Q(executive_sponsor_account=user)
        | Q(relationship_manager_account=user)
        | Q(pk__in=owned)
    )


def forget_renamed(*partnerships: models.Partnership) -> set[str]:
    """Let go of each account whose name is no longer the one written (one query for all);
    returns the columns let go, for a caller that saves only some."""
    ids = {getattr(p, f"{column}_id") for p in partnerships for column in ROLES.values()} - {None}
    if not ids:
        return set()
    accounts = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    forgotten = set()
    for p in partnerships:
        for role, column in ROLES.items():
            pk = getattr(p, f"{column}_id")
            if pk is not None and (pk not in accounts or not names(getattr(p, role), accounts[pk])):
                setattr(p, column, None)
                forgotten.add(column)
    return forgotten


def _who(partnership: models.Partnership) -> dict[str, Any]:
    """For the audit record: each role's name, and the account's username when it has one."""
    found: dict[str, Any] = {}
    for role, column in ROLES.items():
        account = getattr(partnership, column)
        found[role] = getattr(partnership, role) or None
        found[f"{role}_account"] = account.get_username() if account else None
    return found


@transaction.atomic
def people_set(
    *,
    actor: Actor,
    partnership: models.Partnership,
    expected_version: int,
    people: Mapping[str, User | str | None],
) -> models.Partnership:
    """Set the owner, sponsor or relationship manager (`people`: role -> an account, a
    name, or None for nobody); the roles left out keep their person."""
    problems = [Problem(role, "is not one of the people of a partnership") for role in people
                if role not in ROLES]  # fmt: skip
    for role, person in people.items():
        if isinstance(person, str) and (len(person.strip()) > NAME_LIMIT or "\x00" in person):
            problems.append(Problem(role, f"at most {NAME_LIMIT} characters, without NUL"))
        elif isinstance(person, User) and not our_people().filter(pk=person.pk).exists():
            problems.append(Problem(role, "no active account of ours has this name"))
    if problems:
        raise InvalidChange(problems)
    row = locked(partnership)
    check_version(row, expected_version, row.name)
    before = _who(row)
    old_owner = row.owner_account_id
    for role, person in people.items():
        column = ROLES[role]
        if isinstance(person, User):
            if not names(getattr(row, role), person):  # a name with its note stays
                setattr(row, role, display_name(person))
            setattr(row, column, person)
        else:
            setattr(row, role, (person or "").strip())
            setattr(row, column, None)
    after = _who(row)
    if after == before:
        return row
    if row.owner_account_id != old_owner and old_owner is not None:
        models.TeamMember.objects.filter(partnership=row, user_id=old_owner).update(owner=False)
    if row.owner_account_id is not None:
        models.TeamMember.objects.update_or_create(
            partnership=row, user_id=row.owner_account_id, defaults={"owner": True}
        )
    row.version += 1
    row.save()
    audit_record(
        actor=actor,
        action="partnership_people_set",
        entity="partnership",
        entity_id=row.pk,
        partnership=row,
        before=before,
        after=after,
    )
    return row
