"""Changes to a person's account that more than one page or command makes: ending their
sessions everywhere, turning two-factor authentication on, and an administrator resetting
it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp import device_classes

from partnerfolio.accounts.access import is_admin
from partnerfolio.accounts.models import User
from partnerfolio.audit.services import Actor, audit_record


def sessions_end(user: User) -> None:
    """Ends every session of the person at once: each session's check covers the person's
    session token (`User._get_session_auth_hash`), and this gives them a new one.

    Call it inside the change's transaction. A request that should keep its own session
    (the person signing out everywhere *else*) calls Django's `update_session_auth_hash`
    afterwards.
    """
    user.rotate_session_token()
    user.save(update_fields=["session_token"])


def sign_out_everywhere(user: User) -> None:
    """The person ends all their sessions (the account page keeps the current one)."""
    with transaction.atomic():
        sessions_end(user)
        audit_record(actor=user, action="sign_out_everywhere", entity="user", entity_id=user.pk)


def two_factor_enable(user: User, device: Any) -> None:
    """Confirms the person's new device and ends every session of theirs: a session opened
    with the password alone must not outlive the change (nor mint a token from it). The
    request that turned it on keeps its own session with Django's
    `update_session_auth_hash` afterwards, then counts as verified (`django_otp.login`)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        sessions_end(user)
        audit_record(
            actor=user,
            action="two_factor_enable",
            entity="user",
            entity_id=user.pk,
            after={"other_sessions_ended": True},
        )


class NothingToReset(Exception):
    """The person has no confirmed two-factor device."""


class TwoFactorResetRefused(Exception):
    """Not allowed: only administrators reset someone else's two-factor authentication."""


def user_ids_with_device() -> set[int]:
    """Everyone with a confirmed two-factor device (of any django-otp kind), in one query per
    kind of device."""
    ids: set[int] = set()
    for model in device_classes():
        ids.update(model.objects.filter(confirmed=True).values_list("user_id", flat=True))
    return ids


def two_factor_reset(*, actor: Actor, person: User) -> int:
    """For a person who lost their authenticator: removes every two-factor device of theirs
    (TOTP and any other django-otp kind, confirmed or not), ends all their sessions and
    writes the audit record. At their next sign-in the password alone lets them in, and
    `PARTNERFOLIO_REQUIRE_2FA` sends them to set up a new device.

    `actor` is an administrator, or a name for the command line; nobody resets their own
    this way (the account page turns it off with a current code). Raises
    `TwoFactorResetRefused`, or `NothingToReset` when the person has no confirmed device
    (then nothing changes). Returns how many devices were removed.
    """
    if not isinstance(actor, str):
        if not is_admin(actor):
            raise TwoFactorResetRefused(
                "Only administrators reset someone's two-factor authentication."
            )
        if actor.pk == person.pk:
            raise TwoFactorResetRefused(
                "You cannot reset your own two-factor authentication here: use your account page."
            )
    with transaction.atomic():
        # Locking the person makes a second administrator's simultaneous reset wait and
        # then find nothing to reset, instead of recording the reset twice.
        locked = User.objects.select_for_update().get(pk=person.pk)
        # every kind of device, confirmed or not
        devices = [model.objects.filter(user=locked) for model in device_classes()]
        if not any(queryset.filter(confirmed=True).exists() for queryset in devices):
            raise NothingToReset(
                f"{locked.get_username()} has no two-factor device: there is nothing to reset."
            )
        removed = sum(
            queryset.delete()[1].get(queryset.model._meta.label, 0) for queryset in devices
        )
        sessions_end(locked)
        audit_record(
            actor=actor,
            action="two_factor_reset",
            entity="user",
            entity_id=locked.pk,
            after={"devices_removed": removed, "sessions_ended": True},
        )
    person.session_token = locked.session_token
    return removed
