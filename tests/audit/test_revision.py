"""The data revision rises once per committed change, never for a rolled-back one, and
a transaction that has changed something reads no revision (nothing may be kept)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import update_last_login
from django.db import transaction

from partnerfolio.accounts.models import User
from partnerfolio.audit import revision
from partnerfolio.audit.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)


def _change() -> None:
    audit_record(actor="test", action="test", entity="test", entity_id=None)


@transaction.atomic
def _change_then_fail() -> None:
    _change()
    raise RuntimeError("given up")


def test_a_transaction_raises_it_once_when_it_commits():
    revision.raise_on_commit()  # the row may be gone after a flush: this makes it
    start = revision.current()
    assert start is not None
    with transaction.atomic():
        _change()
        assert revision.current() is None  # changed, not yet committed
        _change()
        _change()
    assert revision.current() == start + 1
    _change()  # outside a transaction: at once
    assert revision.current() == start + 2


def test_a_rolled_back_change_leaves_it():
    revision.raise_on_commit()
    start = revision.current()
    with pytest.raises(RuntimeError, match="given up"):
        _change_then_fail()
    assert revision.current() == start


def test_people_are_watched_but_not_their_logins():
    revision.raise_on_commit()
    user = User.objects.create_user(username="lee", password="a long enough passphrase")
    start = revision.current()
    update_last_login(None, user)
    assert revision.current() == start
    user.role = "manager"
    user.save()
    assert revision.current() == start + 1
    user.delete()
    assert revision.current() == start + 2
