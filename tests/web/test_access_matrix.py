"""The access matrix of the pages that keep the record (issue 12): every list, form and
action of a partnership's record, for every person and record of `test_access`.

Reading a list needs sight of the partnership (else 404, as if it did not exist); a
form or an action needs the right to change it (else 403); a partnership someone may
not see answers 404 to every page and action alike.
"""

from __future__ import annotations

from datetime import date

import pytest

from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence import services as evidence_services
from partnerfolio.metrics import services as metric_services
from partnerfolio.partnerships.models import Partnership
from tests.people import signed_in as client_for
from tests.web.test_access import CHANGE, PEOPLE, SEE, world  # noqa: F401

pytestmark = pytest.mark.django_db
SECTIONS = ("agreements", "commitments", "engagements", "reviews", "surveys",
            "opportunities", "joint_outcomes")  # fmt: skip


def _objects(pk: int) -> dict[str, int]:
    p = Partnership.objects.get(pk=pk)
    agreement = evidence_services.agreement_record(actor="test", partnership=p, title="Terms")
    metric = metric_services.metric_define(actor="test", partnership=p, key="on_time_completion")
    value = metric_services.observation_record(
        actor="test", metric=metric, on=date(2026, 3, 1), value=90
    )
    return {"pk": pk, "a": agreement.pk, "m": metric.pk, "v": value.pk}


READ = (
    "/partnerships/{pk}/history/",
    "/partnerships/{pk}/partners/",
    "/partnerships/{pk}/metrics/",
    "/partnerships/{pk}/metrics/{m}/values/",
    *(f"/partnerships/{{pk}}/records/{s}/" for s in SECTIONS),
)
FORMS = (
    "/partnerships/{pk}/type/",
    "/partnerships/{pk}/people/",
    "/partnerships/{pk}/records/agreements/{a}/",
    "/partnerships/{pk}/records/agreements/{a}/remove/",
    "/partnerships/{pk}/metrics/{m}/",
    "/partnerships/{pk}/metrics/{m}/remove/",
    "/partnerships/{pk}/metrics/{m}/values/{v}/",
    "/partnerships/{pk}/metrics/{m}/values/{v}/remove/",
)


def _expected(record: str, person: str, needs_change: bool) -> int:
    seen = SEE[record][person]
    if seen != 200 or not needs_change:
        return seen
    return 200 if CHANGE[record][person] == 302 else 403


@pytest.mark.parametrize("record", SEE)
@pytest.mark.parametrize("person", PEOPLE)
def test_every_record_page_answers_as_the_matrix_says(world, person, record):  # noqa: F811
    ids = _objects(world[record])
    client = client_for(person)
    for needs_change, pages in ((False, READ), (True, FORMS)):
        for page in pages:
            url = page.format(**ids)
            response = client.get(url)
            assert response.status_code == _expected(record, person, needs_change), url
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/")
            if response.status_code == 200 and not needs_change and CHANGE[record][person] != 302:
                html = response.content.decode()
                assert 'method="post"' not in html.split("<main", 1)[1], url  # no control


def _actions(ids: dict[str, int]) -> list[tuple[str, dict]]:
    p = Partnership.objects.get(pk=ids["pk"])
    base = f"/partnerships/{ids['pk']}"
    return [
        (f"{base}/records/commitments/", {"title": "Pilot"}),
        (f"{base}/records/agreements/{ids['a']}/", {"title": "Renamed", "version": 1}),
        (f"{base}/metrics/", {"catalog": "budget_adherence"}),
        (f"{base}/metrics/{ids['m']}/", {"target": "95", "version": 1}),
        (f"{base}/metrics/{ids['m']}/values/", {"on": "2026-04-01", "value": "91"}),
        (
            f"{base}/type/",
            {"to": "hybrid", "on": "2026-11-30", "reason": "fit", "version": p.version},
        ),
        (f"{base}/people/", {"owner": "Sam Lee", "version": p.version}),
    ]


@pytest.mark.parametrize("record", SEE)
@pytest.mark.parametrize("person", PEOPLE)
def test_every_record_action_is_done_only_by_those_who_may(world, person, record):  # noqa: F811
    ids = _objects(world[record])
    client = client_for(person)
    before = AuditRecord.objects.count()
    allowed = SEE[record][person] == 200 and CHANGE[record][person] == 302
    for url, body in _actions(ids):
        if "/type/" in url or "/people/" in url:  # each change bumps the version
            body = {**body, "version": Partnership.objects.get(pk=ids["pk"]).version}
        response = client.post(url, body)
        expected = 302 if allowed else _expected(record, person, needs_change=True)
        assert response.status_code == expected, (url, response.content.decode()[-400:])
    written = AuditRecord.objects.count() - before
    assert written == (len(_actions(ids)) if allowed else 0)
