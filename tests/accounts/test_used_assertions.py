"""The SAML replay record (partnerfolio.accounts.saml.assertion_once) on this database: an
assertion ID signs in once until it expires, and expired records are cleared. (The end-to-end
replay, through pysaml2's identity provider, is tests/sso/saml/test_saml_answers.py, in the
SQLite pass.)"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import pytest
from django.utils import timezone

from partnerfolio.accounts.models import UsedAssertion
from partnerfolio.accounts.saml import assertion_once
from partnerfolio.accounts.sso import Refused

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Accepted:
    """What python3-saml's OneLogin_Saml2_Auth says of the assertion it accepted."""

    assertion_id: str
    not_on_or_after: int | None

    def get_last_assertion_id(self) -> str:
        return self.assertion_id

    def get_last_assertion_not_on_or_after(self) -> int | None:
        return self.not_on_or_after


def test_an_assertion_signs_in_once_until_it_expires() -> None:
    in_ten_minutes = int(time.time()) + 600
    assertion_once(Accepted("_a1", in_ten_minutes))
    with pytest.raises(Refused) as refused:
        assertion_once(Accepted("_a1", in_ten_minutes))
    assert (refused.value.status, "used already" in refused.value.message) == (400, True)
    assertion_once(Accepted("_a2", in_ten_minutes))  # another assertion is not a replay
    kept = UsedAssertion.objects.get(assertion_id="_a1").not_on_or_after
    assert kept == dt.datetime.fromtimestamp(in_ten_minutes, tz=dt.UTC) + dt.timedelta(minutes=5)


def test_expired_records_are_cleared_and_undated_ones_kept_a_day() -> None:
    UsedAssertion.objects.create(
        assertion_id="_old", not_on_or_after=timezone.now() - dt.timedelta(seconds=1)
    )
    assertion_once(Accepted("_undated", None))
    assert list(UsedAssertion.objects.values_list("assertion_id", flat=True)) == ["_undated"]
    kept = UsedAssertion.objects.get().not_on_or_after - timezone.now()
    assert dt.timedelta(hours=23) < kept <= dt.timedelta(days=1)
