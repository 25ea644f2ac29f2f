"""The demo portfolio shows everything the product can say, on any date, and loads only once."""

from __future__ import annotations

import io
import json
import time
from datetime import date, timedelta
from functools import cache

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.cli import main
from partnerfolio.demo import demo_documents
from partnerfolio.demo.cast import OUR_PEOPLE
from partnerfolio.domain import Assessment, assess, default_playbook
from partnerfolio.domain.enums import (
    Category,
    PartnershipType,
    PitfallCode,
    ReadinessVerdict,
    Stage,
)
from partnerfolio.domain.lifecycle import ALLOWED
from partnerfolio.interchange import to_snapshot, validate_document
from partnerfolio.partnerships import people, selectors
from partnerfolio.partnerships.models import Partnership
from tests.partnerships.conftest import EXAMPLES

AS_OFS = [date(2026, 11, 30), date(2027, 6, 15), date(2025, 2, 28)]
PLAYBOOK = default_playbook()
OUR_NAMES = set(OUR_PEOPLE)
# Keys that look ahead by nature: a plan and the terms of agreements.
FORWARD_KEYS = {"planned_end_on", "ends_on", "renewal_on"}


@cache
def portfolio(as_of: date) -> tuple[tuple[dict, Assessment], ...]:
    """Each demo document with the engine's assessment of it as of `as_of`."""
    found = []
    for document in demo_documents(as_of):
        validated = validate_document(json.dumps(document))
        found.append((document, assess(to_snapshot(validated), as_of, PLAYBOOK)))
    return tuple(found)


def dated_values(value: object, key: str = "") -> list[tuple[str, str]]:
    """Every (key, ISO date) pair anywhere in a document."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in dated_values(v, k)]
    if isinstance(value, list):
        return [pair for item in value for pair in dated_values(item, key)]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return [(key, value)]
    return []


def run(capsys, *args: str) -> tuple[int, str, str]:
    """The command as a person runs it: exit status, standard output and error."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def demo(*args: str) -> str:
    """The command run in-process (keeping the test's transaction); its standard output."""
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("as_of", AS_OFS)
def test_every_demo_document_validates(as_of):
    documents = demo_documents(as_of)
    for document in documents:
        assert validate_document(json.dumps(document))["name"] == document["name"]


@pytest.mark.parametrize("as_of", AS_OFS)
def test_the_portfolio_raises_every_pitfall_the_engine_knows(as_of):
    raised = {p.code for _, a in portfolio(as_of) for p in a.pitfalls}
    assert raised == set(PitfallCode)


@pytest.mark.parametrize("as_of", AS_OFS)
def test_every_readiness_verdict_appears(as_of):
    verdicts = {a.readiness.verdict for _, a in portfolio(as_of)}
    assert verdicts == set(ReadinessVerdict)


@pytest.mark.parametrize("as_of", AS_OFS)
def test_tactical_and_hybrid_partnerships_stand_ready_for_promotion(as_of):
    ready = [d for d, a in portfolio(as_of) if a.readiness.verdict is ReadinessVerdict.READY]
    assert {d["type"] for d in ready} == {"tactical", "hybrid"}
    assert all(d["stage"] == "active" for d in ready)
    assert len(ready) >= 3
    # The promotion demo starts from a clean partnership: nothing to fix first.
    assert any(not a.pitfalls for d, a in portfolio(as_of) if d in ready)


@pytest.mark.parametrize("as_of", AS_OFS)
def test_every_type_category_and_stage_appears(as_of):
    documents = [d for d, _ in portfolio(as_of)]
    assert {d.get("type") for d in documents} >= set(PartnershipType)
    assert {d["category"] for d in documents} == set(Category)
    assert {d["stage"] for d in documents} == set(Stage)


@pytest.mark.parametrize("as_of", AS_OFS)
def test_health_and_classification_scores_are_spread_out(as_of):
    healths = [a.scorecard.health for _, a in portfolio(as_of)]
    measured = [h for h in healths if h is not None]
    assert None in healths  # partnerships too young to measure
    assert min(measured) < 50 < 90 < max(measured)
    assert len({int(h // 10) for h in measured}) >= 5
    scores = [a.classification.score for _, a in portfolio(as_of)]
    assert None not in scores
    assert min(scores) <= 1.5
    assert max(scores) >= 4.25
    assert len({round(s * 2) for s in scores}) >= 6


def test_names_are_unique_and_make_distinct_file_names():
    names = [d["name"] for d in demo_documents(AS_OFS[0])]
    assert len(set(names)) == len(names)
    assert len({slugify(n) for n in names}) == len(names)


def test_a_partner_in_several_partnerships_is_described_the_same_in_each():
    described: dict[str, list[dict]] = {}
    for document in demo_documents(AS_OFS[0]):
        for partner in document["partners"]:
            described.setdefault(partner["name"], []).append(partner)
    assert any(len(copies) > 1 for copies in described.values())
    for copies in described.values():
        assert all(copy == copies[0] for copy in copies)


@pytest.mark.parametrize("as_of", AS_OFS)
def test_nothing_is_dated_after_as_of_but_plans_and_agreement_terms(as_of):
    earliest = as_of - timedelta(days=730)
    for document in demo_documents(as_of):
        for key, on in dated_values(document):
            if key not in FORWARD_KEYS:
                assert earliest <= date.fromisoformat(on) <= as_of, (document["name"], key, on)


@pytest.mark.parametrize("as_of", AS_OFS)
def test_stage_histories_follow_the_life_cycle_and_end_where_the_partnership_stands(as_of):
    for document in demo_documents(as_of):
        events = document["events"]
        assert events == sorted(events, key=lambda e: e["on"])
        stages = [e for e in events if e["kind"] == "stage_changed"]
        current = None
        for event in stages:
            assert event.get("from") == current
            assert Stage(event["to"]) in ALLOWED[Stage(current) if current else None]
            assert event["by"]
            assert event["reason"]
            current = event["to"]
        assert current == document["stage"]
        types = [e["to"] for e in events if e["kind"] == "type_changed"]
        if types:
            assert types[-1] == document["type"]


def test_the_same_as_of_gives_the_same_documents():
    first = json.dumps(demo_documents(AS_OFS[0]))
    assert json.dumps(demo_documents(AS_OFS[0])) == first
    assert json.dumps(demo_documents(AS_OFS[1])) != first


def test_the_portfolio_tells_the_same_stories_on_any_date():
    def verdicts(as_of: date) -> list[tuple[str, list[str], str]]:
        return [
            (d["name"], [p.code.value for p in a.pitfalls], a.readiness.verdict.value)
            for d, a in portfolio(as_of)
        ]

    assert verdicts(AS_OFS[0]) == verdicts(AS_OFS[1]) == verdicts(AS_OFS[2])


def test_a_date_at_the_calendars_edge_is_refused():
    with pytest.raises(ValueError, match="too close"):
        demo_documents(date(1, 6, 1))


def test_the_portfolio_stays_small_and_quick_to_build():
    started = time.perf_counter()
    documents = demo_documents(AS_OFS[0])
    for document in documents:
        validate_document(json.dumps(document))
    assert 35 <= len(documents) <= 45
    assert time.perf_counter() - started < 5


@pytest.mark.django_db
def test_the_command_loads_the_portfolio_into_an_empty_database():
    started = time.perf_counter()
    out = demo("--as-of", "2026-11-30")
    count = len(demo_documents(date(2026, 11, 30)))
    accounts = User.objects.filter(role="manager", is_active=True)
    assert out.strip() == (
        f"loaded {count} demo partnerships as of 2026-11-30, and {accounts.count()} accounts "
        "for the people of ours who run them (no password yet)"
    )
    assert Partnership.objects.count() == count
    imports = AuditRecord.objects.filter(action="partnership_import", actor_name="demo")
    assert imports.count() == count
    # the demo's owners are accounts: every partnership owned by one of ours names it
    assert accounts.count() >= 10
    assert not any(a.has_usable_password() for a in accounts)
    owned = Partnership.objects.exclude(owner="")
    assert owned.exists()
    assert all(p.owner_account is not None for p in owned if p.owner in OUR_NAMES), [
        p.owner for p in owned if p.owner_account is None
    ]
    elena = User.objects.get(username="elena.marsh")
    assert Partnership.objects.filter(people.mine(elena)).exists()
    assert time.perf_counter() - started < 15


@pytest.mark.django_db
def test_a_second_run_changes_nothing():
    demo("--as-of", "2026-11-30")
    audit = AuditRecord.objects.count()
    rows = list(Partnership.objects.values_list("name", "version", "revision"))
    out = demo("--as-of", "2027-06-15")
    assert out.strip() == (
        f"the database already holds {len(rows)} partnerships; "
        "the demo loads only into an empty one"
    )
    assert list(Partnership.objects.values_list("name", "version", "revision")) == rows
    assert AuditRecord.objects.count() == audit


@pytest.mark.django_db
def test_the_demo_leaves_a_database_with_partnerships_of_its_own_alone():
    call_command("import", str(EXAMPLES[0]), stdout=io.StringIO())
    assert "already holds 1 partnership;" in demo()
    assert Partnership.objects.count() == 1


@pytest.mark.django_db
def test_without_a_date_the_demo_ends_today():
    assert f"as of {timezone.localdate().isoformat()}, and" in demo()


@pytest.mark.django_db(transaction=True)
def test_run_from_the_shell_the_command_exits_0_both_times(capsys):
    assert run(capsys, "demo", "--as-of", "2026-11-30")[:2] == (
        0,
        f"loaded {len(demo_documents(date(2026, 11, 30)))} demo partnerships as of 2026-11-30, "
        f"and {User.objects.filter(role='manager').count()} accounts for the people of ours "
        "who run them (no password yet)\n",
    )
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert "already holds" in out


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("bad", ["2026-13-01", "30/11/2026", "0001-01-01"])
def test_a_bad_date_exits_with_status_2_and_loads_nothing(capsys, bad):
    code, _out, err = run(capsys, "demo", "--as-of", bad)
    assert code == 2
    assert "date" in err
    assert Partnership.objects.count() == 0


@pytest.mark.django_db
def test_a_stored_demo_partnership_is_assessed_as_the_engine_assesses_its_document():
    as_of = date(2026, 11, 30)
    demo("--as-of", as_of.isoformat())
    for document, expected in portfolio(as_of):
        stored = Partnership.objects.get(name=document["name"])
        assert selectors.partnership_assessment(stored, as_of, PLAYBOOK) == expected
