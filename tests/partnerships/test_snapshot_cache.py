"""The scan's snapshot cache: the same snapshots as a fresh read, after any change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given

from partnerfolio.domain import default_playbook
from partnerfolio.domain.enums import Stage
from partnerfolio.domain.snapshot import PartnershipSnapshot
from partnerfolio.evidence import services as evidence_services
from partnerfolio.metrics import services as metric_services
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partnerships import selectors, services, snapshot_codec, transitions
from partnerfolio.partnerships.models import Partnership, SnapshotCache
from tests import strategies
from tests.partnerships.conftest import EXAMPLES, example

AS_OF = date(2026, 11, 30)
RECENT = selectors.RecentObservations(AS_OF, default_playbook().scorecard.trend_points)


@given(strategies.snapshots)
def test_the_codec_gives_back_the_snapshot_it_was_given(snapshot: PartnershipSnapshot):
    ids = list(range(100, 100 + len(snapshot.metrics)))
    text = snapshot_codec.encode(snapshot, ids)
    parsed = snapshot_codec.parse(text)
    assert parsed is not None
    assert snapshot_codec.metric_ids(parsed) == ids
    observations = {i: m.observations for i, m in zip(ids, snapshot.metrics, strict=True)}
    assert snapshot_codec.decode(parsed, observations) == snapshot


def fresh() -> dict[int, PartnershipSnapshot]:
    return selectors.snapshots(Partnership.objects.values_list("id", flat=True), RECENT)


def cached() -> dict[int, PartnershipSnapshot]:
    return selectors.cached_snapshots(Partnership.objects.values_list("id", flat=True), RECENT)


@pytest.fixture
def portfolio(db, ana) -> dict[str, Partnership]:
    for path in EXAMPLES:
        services.partnership_import(actor=ana, document=example(path.name))
    return {p.name: p for p in Partnership.objects.all()}


@pytest.mark.django_db
def test_the_first_read_fills_the_cache_and_later_reads_take_two_queries(
    portfolio, django_assert_num_queries
):
    expected = fresh()
    SnapshotCache.objects.all().delete()  # as after an upgrade that changed its format
    assert cached() == expected
    assert SnapshotCache.objects.count() == len(portfolio)
    ids = list(expected)
    with django_assert_num_queries(2):  # the rows with their cache, the recent observations
        assert selectors.cached_snapshots(ids, RECENT) == expected


def _engagement(p: Partnership, ana) -> None:
    evidence_services.engagement_record(
        actor=ana, partnership=p, on="2026-11-20", kind="check_in", summary="Quarterly sync"
    )


def _correct_commitment(p: Partnership, ana) -> None:
    row = p.commitments.order_by("id").first()
    evidence_services.evidence_update(
        actor=ana, row=row, expected_version=row.version, changes={"delivered_on": "2026-11-02"}
    )


def _delete_review(p: Partnership, ana) -> None:
    row = p.reviews.order_by("id").first()
    evidence_services.evidence_delete(
        actor=ana, row=row, expected_version=row.version, reason="recorded twice"
    )


def _metric(p: Partnership, ana) -> None:
    metric_services.metric_define(actor=ana, partnership=p, key="renewal_rate", target=0.9)


def _observation(p: Partnership, ana) -> None:
    metric = Metric.objects.filter(partnership=p).order_by("id").first()
    metric_services.observation_record(actor=ana, metric=metric, on=date(2026, 11, 21), value=7)


def _correction(p: Partnership, ana) -> None:
    row = Observation.objects.filter(metric__partnership=p).order_by("-on").first()
    metric_services.observation_correct(
        actor=ana, observation=row, expected_value=row.value, value=row.value + 1, reason="typo"
    )


def _update(p: Partnership, ana) -> None:
    services.partnership_update(
        actor=ana,
        partnership=p,
        expected_version=p.version,
        changes={"governance": {"relationship_manager": "Noor Haddad"}},
    )


def _stage(p: Partnership, ana) -> None:
    transitions.stage_change(
        actor=ana,
        partnership=p,
        expected_version=p.version,
        to=Stage.UNDER_REVIEW,
        on=date(2026, 11, 21),
        reason="quarterly review found drift",
    )


def _replace(p: Partnership, ana) -> None:
    document = selectors.partnership_document(p)
    document["engagements"] = document.get("engagements", [])[:1]
    services.partnership_import(
        actor=ana, document=document, replace=True, expected_version=p.version
    )


def _partner_details(p: Partnership, ana) -> None:
    """Another partnership's import adds details to a partner this one shares."""
    partner = p.partners.filter(sector="").first() or p.partners.first()
    partner.sector = ""
    partner.save()  # a blank to fill (the examples name every sector)
    SnapshotCache.objects.all().delete()
    cached()  # cache the partner without its sector
    services.partnership_import(
        actor=ana,
        document={"name": "Another", "partners": [{"name": partner.name, "sector": "public"}]},
    )


CHANGES: dict[str, Callable[[Partnership, object], None]] = {
    "engagement recorded": _engagement,
    "commitment corrected": _correct_commitment,
    "review removed": _delete_review,
    "metric defined": _metric,
    "observation recorded": _observation,
    "observation corrected": _correction,
    "partnership edited": _update,
    "stage changed": _stage,
    "replaced by an import": _replace,
    "shared partner completed": _partner_details,
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_every_change_retires_the_cached_snapshot(portfolio, ana, change):
    partnership = portfolio["Stratus Cloud strategic co-sell alliance"]
    cached()
    before = dict(SnapshotCache.objects.values_list("partnership_id", "revision"))
    CHANGES[change](Partnership.objects.get(pk=partnership.pk), ana)
    expected = fresh()
    assert cached() == expected
    assert SnapshotCache.objects.get(pk=partnership.pk).revision > before[partnership.pk]


@pytest.mark.django_db
def test_saving_an_old_copy_never_winds_the_revision_back(portfolio, ana):
    partnership = portfolio["Stratus Cloud strategic co-sell alliance"]
    old_copy = Partnership.objects.get(pk=partnership.pk)
    _engagement(partnership, ana)
    revision = Partnership.objects.get(pk=partnership.pk).revision
    old_copy.save()
    assert Partnership.objects.get(pk=partnership.pk).revision == revision


@pytest.mark.django_db
def test_a_row_of_another_revision_or_format_is_rebuilt_not_read(portfolio):
    expected = fresh()
    cached()
    pid = next(iter(expected))
    SnapshotCache.objects.filter(pk=pid).update(data='[0, "written by an older release"]')
    assert cached() == expected
    SnapshotCache.objects.filter(pk=pid).update(revision=0, data='[1, "stale"]')
    Partnership.objects.filter(pk=pid).update(revision=5)
    assert cached() == expected
    assert snapshot_codec.parse(SnapshotCache.objects.get(pk=pid).data) is not None


@pytest.mark.django_db
def test_a_late_writer_never_puts_back_an_older_revision(portfolio):
    cached()
    pid = next(iter(portfolio.values())).pk
    Partnership.objects.filter(pk=pid).update(revision=9)
    cached()  # writes revision 9
    selectors._cache_write([(pid, 3, '[1, "older"]')])
    assert SnapshotCache.objects.get(pk=pid).revision == 9


@pytest.mark.django_db
def test_a_batch_import_leaves_its_partnerships_cached(ana, django_assert_num_queries):
    from partnerfolio.interchange import validate_document

    documents = [dict(validate_document(path.read_text("utf-8"))) for path in EXAMPLES]
    services.partnerships_import(actor=ana, documents=documents)
    assert SnapshotCache.objects.count() == len(EXAMPLES)
    ids = list(Partnership.objects.values_list("id", flat=True))
    expected = selectors.snapshots(ids, RECENT)
    with django_assert_num_queries(2):
        assert selectors.cached_snapshots(ids, RECENT) == expected
