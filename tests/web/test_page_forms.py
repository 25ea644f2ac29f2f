"""The partnership page's *Record* card as Django forms: one strict date, refusals at
their field with the status their kind gives, and the confirmation next to the form."""

from __future__ import annotations

import re

import pytest

from partnerfolio.evidence.models import Engagement
from partnerfolio.metrics import services as metric_services
from partnerfolio.partnerships.models import Partnership
from tests.people import signed_in as client_for
from tests.web.test_records import three_partnerships

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db) -> dict[str, int]:
    return three_partnerships()


@pytest.mark.parametrize("written", ["20261130", "30/11/2026", "2026-11-30T00:00", "2026-13-01"])
def test_one_strict_date_on_every_form_of_the_card(world, written):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    metric = metric_services.metric_define(
        actor="test", partnership=atlas, key="on_time_completion"
    )
    mia = client_for("mia")
    posts = {
        f"/partnerships/{atlas.pk}/evidence/engagements/": {"on": written, "kind": "check_in"},
        f"/partnerships/{atlas.pk}/observations/": {"metric": metric.pk, "on": written, "value": "1"},
        f"/partnerships/{atlas.pk}/stage/": {"to": "ended", "on": written, "reason": "done",
                                             "version": atlas.version},
    }  # fmt: skip
    for url, body in posts.items():
        answer = mia.post(url, body)
        assert answer.status_code == 400, url
        page = answer.content.decode()
        assert "must be a date written YYYY-MM-DD" in page, url
        assert 'aria-invalid="true"' in page
    atlas.refresh_from_db()
    assert atlas.stage == "active"
    assert not Engagement.objects.exists()
    assert not metric.observations.exists()


def test_the_confirmation_is_next_to_the_form_just_used(world):
    pk = world["Atlas"]
    mia = client_for("mia")
    body = {"on": "2026-11-30", "kind": "check_in", "summary": "weekly"}
    answer = mia.post(f"/partnerships/{pk}/evidence/engagements/", body)
    assert answer.status_code == 302
    assert answer["Location"] == f"/partnerships/{pk}/?saved=engagements#saved"
    page = mia.get(answer["Location"]).content.decode()
    card = page[page.index('id="record-h"') :]
    assert re.search(
        r'<details class="record" open>\s*<summary>Meeting</summary>\s*<p id="saved"', card
    )
    assert "Recorded the meeting." in card
    flash = page[page.index('id="flash"') : page.index("</div>", page.index('id="flash"'))]
    assert "Recorded" not in flash
    # with htmx, the main part comes back with the confirmation focused
    again = mia.post(
        f"/partnerships/{pk}/evidence/engagements/", body, headers={"HX-Request": "true"}
    )
    assert again.status_code == 200
    assert re.search(r'<p id="saved"[^>]*autofocus>Recorded the meeting', again.content.decode())
    assert Engagement.objects.count() == 2


def test_refusals_answer_by_their_kind(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    body = {"to": "winding_down", "on": "2026-11-30", "reason": "done"}
    stale = client_for("mia").post(
        f"/partnerships/{atlas.pk}/stage/", {**body, "version": atlas.version - 1}
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.content.decode()
    override = client_for("cole").post(
        f"/partnerships/{atlas.pk}/stage/",
        {**body, "version": atlas.version, "override_reason": "I say so"},
    )
    assert override.status_code == 403
    assert "only a manager or an administrator may override a guard" in override.content.decode()
    forged = client_for("mia").post(
        f"/partnerships/{atlas.pk}/stage/", {**body, "to": "bogus", "version": atlas.version}
    )
    assert forged.status_code == 400
    assert 'id="stage-to-error"' in forged.content.decode()
    huge = client_for("mia").post(
        f"/partnerships/{atlas.pk}/evidence/opportunities/", {"title": "x", "value": "1e999"}
    )
    assert huge.status_code == 400
    assert "must be a finite number, got &#x27;1e999&#x27;" in huge.content.decode()
    atlas.refresh_from_db()
    assert atlas.stage == "active"
