"""Summaries kept current: a write re-assesses its partnership alone once it commits, the
worker the whole portfolio in batches on a new day or playbook (docs/summaries.md)."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from huey.contrib.djhuey import HUEY as huey

from partnerfolio.domain import Playbook
from partnerfolio.interchange import validate_document
from partnerfolio.partnerships import services, summaries, summary_upkeep, tasks
from partnerfolio.partnerships.models import AssessmentSummary, Partnership, SummaryStatus
from tests.partnerships.conftest import EXAMPLES, example

pytestmark = pytest.mark.django_db
# A write's re-assessment runs when its transaction commits: the tests of writes commit
# (transaction=True), as a request does.
commits = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portfolio(ana) -> list[Partnership]:
    """The five examples, each with a summary current today."""
    created = [
        services.partnership_import(actor=ana, document=example(path.name)) for path in EXAMPLES
    ]
    summaries.refresh([p.pk for p in created], timezone.localdate(), summary_upkeep.playbook())
    return created


@pytest.fixture
def immediate_queue() -> Iterator[None]:
    before = huey.immediate
    huey.immediate = True
    yield
    huey.storage.flush_all()
    huey.immediate = before


def current(p: Partnership, book: Playbook | None = None, days_back: int = 0) -> bool:
    p.refresh_from_db()
    return summaries.is_current(
        AssessmentSummary.objects.filter(pk=p.pk).first(),
        p.revision,
        timezone.localdate() - timedelta(days=days_back),
        summaries.playbook_key(book or summary_upkeep.playbook()),
    )


def owner_changed(ana, p: Partnership, owner: str) -> None:
    p.refresh_from_db()
    services.partnership_update(
        actor=ana,
        partnership=p,
        expected_version=p.version,
        changes={"governance": {"owner": owner}},
    )


@commits
def test_a_write_reassesses_its_partnership_alone_once_it_commits(ana, portfolio, assessed):
    changed, *others = portfolio
    before = {p.pk: AssessmentSummary.objects.get(pk=p.pk).revision for p in others}
    with transaction.atomic():
        owner_changed(ana, changed, "Someone Else")
        assert not assessed  # nothing in the write's transaction
    assert assessed == Counter({changed.name: 1})
    assert current(changed)
    after = {p.pk: AssessmentSummary.objects.get(pk=p.pk).revision for p in others}
    assert after == before
    assert all(current(p) for p in others)


@commits
def test_the_writes_of_one_transaction_make_one_reassessment(ana, portfolio, assessed, monkeypatch):
    first, second, *_ = portfolio
    calls = []
    real = summary_upkeep.reassess
    monkeypatch.setattr(summary_upkeep, "reassess", lambda *a: calls.append(a) or real(*a))
    with transaction.atomic():
        owner_changed(ana, first, "One")
        owner_changed(ana, first, "Two")
        try:
            with transaction.atomic():
                owner_changed(ana, second, "Rolled back")
                raise RuntimeError  # this savepoint's change is undone; the others stand
        except RuntimeError:
            pass
        owner_changed(ana, second, "Three")
    assert len(calls) == 1
    assert assessed == Counter({first.name: 1, second.name: 1})
    assert current(first)
    assert current(second)


@commits
def test_a_change_to_an_organization_reassesses_the_partnerships_it_is_in(ana, portfolio, assessed):
    from partnerfolio.partners import services as partner_services
    from partnerfolio.partners.models import PartnerOrganization

    organization = PartnerOrganization.objects.filter(memberships__isnull=False).first()
    theirs = set(Partnership.objects.filter(partners=organization).values_list("name", flat=True))
    partner_services.partner_organization_update(
        actor=ana,
        organization=organization,
        expected_version=organization.version,
        changes={"competes_with_us": not organization.competes_with_us},
    )
    assert set(assessed) == theirs
    assert set(assessed.values()) == {1}


@commits
def test_a_failing_reassessment_leaves_the_write_saved(ana, portfolio, monkeypatch, caplog):
    changed = portfolio[0]

    def broken(snapshot, as_of, playbook):
        raise RuntimeError("the assessment broke")

    monkeypatch.setattr(summaries, "assess", broken)
    with caplog.at_level(logging.ERROR, logger="partnerfolio.partnerships.summary_upkeep"):
        owner_changed(ana, changed, "Someone Else")  # commits: no test transaction here
    changed.refresh_from_db()
    assert changed.owner == "Someone Else"
    assert not current(changed)  # stale, to be shown as updating
    assert "not re-assessed after their change" in caplog.text


def test_the_worker_reassesses_every_partnership_on_a_new_day(portfolio, assessed, immediate_queue):
    yesterday = timezone.localdate() - timedelta(days=1)
    summaries.refresh([p.pk for p in portfolio], yesterday, summary_upkeep.playbook())
    assessed.clear()
    tasks.refresh_summaries()
    assert sum(assessed.values()) == len(portfolio)
    assert all(current(p) for p in portfolio)
    status = SummaryStatus.objects.get(pk=1)
    assert status.assessed_on == timezone.localdate()
    assert (status.run_done, status.run_total) == (len(portfolio), len(portfolio))
    assessed.clear()
    tasks.hourly_summaries.call_local()  # the next hour: nothing stale, nothing assessed
    assert not assessed


@commits
def test_the_worker_assesses_outside_any_transaction(ana, monkeypatch):
    """On SQLite a transaction holds the write lock from its first statement: a batch
    assessed inside one would keep every page's write (a sign-in, a check-in) waiting for
    the whole batch, batch after batch. The worker assesses first, then writes the batch
    in a short transaction of its own."""
    for path in EXAMPLES:
        services.partnership_import(actor=ana, document=example(path.name))
    book = summary_upkeep.playbook()
    other = dataclasses.replace(book, scorecard=dataclasses.replace(book.scorecard, trend_points=7))
    real, inside = summaries.assess, []

    def watching(snapshot, as_of, playbook):
        inside.append(connection.in_atomic_block)
        return real(snapshot, as_of, playbook)

    monkeypatch.setattr(summaries, "assess", watching)
    assert summary_upkeep.refresh_portfolio(timezone.localdate(), other, batch=2) == 5
    assert inside == [False] * 5


def test_the_worker_commits_batch_by_batch_under_a_new_playbook(portfolio, monkeypatch):
    book = summary_upkeep.playbook()
    other = dataclasses.replace(book, scorecard=dataclasses.replace(book.scorecard, trend_points=7))
    real, calls = summaries.assess, []

    def failing_on_the_fifth(snapshot, as_of, playbook):
        calls.append(snapshot.name)
        if len(calls) == 5:
            raise RuntimeError("the worker stopped")
        return real(snapshot, as_of, playbook)

    monkeypatch.setattr(summaries, "assess", failing_on_the_fifth)
    with pytest.raises(RuntimeError):
        summary_upkeep.refresh_portfolio(timezone.localdate(), other, batch=2)
    under_other = [p for p in portfolio if current(p, other)]
    assert len(under_other) == 4  # two batches of two committed; the third rolled back
    assert SummaryStatus.objects.get(pk=1).run_done == 4
    assert SummaryStatus.objects.get(pk=1).assessed_on is None  # not complete
    monkeypatch.setattr(summaries, "assess", real)
    assert summary_upkeep.refresh_portfolio(timezone.localdate(), other, batch=2) == 1
    assert all(current(p, other) for p in portfolio)
    assert AssessmentSummary.objects.filter(playbook=summaries.playbook_key(other)).count() == 5


def test_a_worker_starting_under_another_playbook_queues_the_run(
    portfolio, assessed, immediate_queue
):
    SummaryStatus.objects.create(
        pk=1, assessed_on=timezone.localdate(), assessed_playbook="an older playbook"
    )
    Partnership.objects.filter(pk=portfolio[0].pk).update(revision=999)  # one stale row
    tasks.summaries_at_start()
    status = SummaryStatus.objects.get(pk=1)
    assert status.worker_seen_at is not None
    assert status.assessed_playbook == summaries.playbook_key(summary_upkeep.playbook())
    assert assessed == Counter({portfolio[0].name: 1})


@commits
def test_a_transaction_changing_more_than_inline_hands_them_to_the_worker(
    ana, assessed, immediate_queue, monkeypatch
):
    runs = []
    real = summary_upkeep.refresh_portfolio
    monkeypatch.setattr(
        summary_upkeep, "refresh_portfolio", lambda *a, **k: runs.append(a) or real(*a, **k)
    )
    documents = [
        dict(validate_document(json.dumps({"name": f"Alliance {n}"})))
        for n in range(summary_upkeep.INLINE + 1)
    ]
    with transaction.atomic():
        created = services.partnerships_import(actor=ana, documents=documents)
    assert len(runs) == 1  # the queue is immediate here: the worker's run, in the caller
    assert sum(assessed.values()) == len(documents)
    assert all(current(p) for p in created)


@commits
def test_a_new_partnership_is_assessed_once_it_is_created(ana, assessed):
    created = services.partnership_create(actor=ana, document=example(EXAMPLES[0].name))
    assert assessed == Counter({created.name: 1})
    assert current(created)
