"""The demo's people of ours get accounts: each one named as an owner, executive sponsor
or relationship manager becomes a manager's account (without a password: an
administrator gives them one, or signs in as them with `partnerfolio changepassword`),
and the partnerships they answer for name their account (`partnerships.people`), so
"My partnerships" and the owners' alerts work in the demo as they would in a real team."""

from __future__ import annotations

from django.utils.text import slugify

from partnerfolio.accounts.models import Role, User
from partnerfolio.audit.services import Actor
from partnerfolio.demo.cast import OUR_PEOPLE
from partnerfolio.partnerships import people
from partnerfolio.partnerships.models import Partnership


def username(name: str) -> str:
    """ "Chloé Martin" -> "chloe.martin"."""
    return slugify(name).replace("-", ".")


def person_of(written: str) -> str | None:
    """Which of our people a governance name is ("Elena Marsh (VP Alliances, …)")."""
    name = written.split(" (", 1)[0].strip()
    return name if name in OUR_PEOPLE else None


def give_accounts(actor: Actor) -> int:
    """Create the accounts and link them; returns how many accounts were created. A
    username already taken is left alone, and its person stays a name."""
    partnerships = list(Partnership.objects.order_by("pk"))
    named = {
        person
        for p in partnerships
        for role in people.ROLES
        if (person := person_of(getattr(p, role)))
    }
    taken = set(User.objects.filter(username__in=[username(n) for n in named]).values_list(
        "username", flat=True
    ))  # fmt: skip
    accounts = {}
    for name in sorted(named):
        if username(name) in taken:
            continue
        first, _, last = name.partition(" ")
        user = User(username=username(name), first_name=first, last_name=last, role=Role.MANAGER)
        user.set_unusable_password()
        user.save()
        accounts[name] = user
    for p in partnerships:
        chosen = {
            role: accounts[person]
            for role in people.ROLES
            if (person := person_of(getattr(p, role))) in accounts
        }
        if chosen:
            people.people_set(actor=actor, partnership=p, expected_version=p.version, people=chosen)
    return len(accounts)
