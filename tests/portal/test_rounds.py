"""The life of a survey round: opened by our side, answered by both, sealed while open,
closed by hand or at its closing date; then results side by side, the gaps, the
trust and satisfaction metrics, and the assessment reading the new round."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerfolio.audit.models import AuditRecord
from partnerfolio.domain import assess, load_playbook
from partnerfolio.domain.messages import label
from partnerfolio.domain.timeline import survey_rounds
from partnerfolio.evidence.models import SurveyResponse
from partnerfolio.metrics.models import Metric, Observation
from partnerfolio.partnerships import selectors as record
from partnerfolio.partnerships.errors import InvalidChange
from partnerfolio.partnerships.models import Partnership
from partnerfolio.portal import services, views
from partnerfolio.portal.models import SurveyRound
from partnerfolio.web import presenters
from tests.portal.conftest import client_for, today, user

pytestmark = pytest.mark.django_db


def test_a_round_from_opening_to_results(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    mia = client_for("mia")
    closes_on = today() + timedelta(days=7)

    # our side opens it from the partnership: the playbook's questions
    response = mia.post(f"/portal/rounds/new/{atlas.pk}/", {"closes_on": closes_on.isoformat()})
    assert response.status_code == 302
    opened = SurveyRound.objects.get(partnership=atlas)
    assert response["Location"] == f"/portal/rounds/{opened.pk}/"
    assert opened.questions == list(load_playbook().surveys.questions)
    assert opened.opened_by == user("mia")
    assert opened.closes_on == closes_on
    assert opened.is_open

    # both sides answer
    for person, scores in (
        ("pia", {"score_trust": "5", "score_satisfaction": "4", "score_communication": "4"}),
        ("paz", {"score_trust": "4", "score_satisfaction": "4"}),
        ("cole", {"score_trust": "2", "score_satisfaction": "4", "score_communication": "3"}),
    ):
        response = client_for(person).post(f"/portal/rounds/{opened.pk}/answer/", scores)
        assert response.status_code == 302, person
    # sealed: nothing in the record yet, and nothing of what was answered in the audit trail
    assert not SurveyResponse.objects.filter(partnership=atlas).exists()
    answered = AuditRecord.objects.filter(action="survey_round_answer")
    assert answered.count() == 3
    assert all("scores" not in (a.after or {}) for a in answered)

    # while open our side sees its own answers and how many partner answers came in
    page = mia.get(f"/portal/rounds/{opened.pk}/").content.decode()
    assert "Cole Ostrowski" in page
    assert "2 answers from the partner side so far" in page
    assert "Aurelius" not in page
    page = client_for("pia").get(f"/portal/rounds/{opened.pk}/").content.decode()
    assert "Pia Aurelius" in page
    assert "Paz Amberly" in page
    assert "Ostrowski" not in page

    # a partner never closes a round; a viewer may not
    assert client_for("pia").post(f"/portal/rounds/{opened.pk}/close/").status_code == 404
    assert client_for("vic").post(f"/portal/rounds/{opened.pk}/close/").status_code == 403
    response = mia.post(f"/portal/rounds/{opened.pk}/close/")
    assert response.status_code == 302
    opened.refresh_from_db()
    assert not opened.is_open
    assert opened.closed_on == today()
    assert opened.closed_by == user("mia")

    # each answer is now a survey response of the partnership, dated the closing day
    responses = SurveyResponse.objects.filter(partnership=atlas).order_by("id")
    assert [(r.side, r.respondent, r.on) for r in responses] == [
        ("partner", "Pia Aurelius", today()),
        ("partner", "Paz Amberly", today()),
        ("ours", "Cole Ostrowski", today()),
    ]
    recorded = AuditRecord.objects.filter(action="surveys_record").order_by("id")
    assert [a.actor_name for a in recorded] == ["pia", "paz", "cole"]

    # the metrics: the round's score is the mean of the two sides' means
    trust = Metric.objects.get(partnership=atlas, key="trust_score")
    satisfaction = Metric.objects.get(partnership=atlas, key="satisfaction_score")
    assert list(Observation.objects.filter(metric=trust).values_list("on", "value")) == [
        (today(), pytest.approx((4.5 + 2) / 2))
    ]
    assert list(Observation.objects.filter(metric=satisfaction).values_list("on", "value")) == [
        (today(), 4.0)
    ]

    # both sides see the results side by side, with the gaps
    for person in ("pia", "mia", "cole"):
        page = client_for(person).get(f"/portal/rounds/{opened.pk}/").content.decode()
        assert "Results: both sides" in page
        assert 'id="gaps"' in page
        assert "-2.50" in page
        assert "perception gap" in page
        assert "<svg" in page
        assert "Data as a table" in page
        assert "Ostrowski" not in page or person != "pia"
    # the shared scorecard shows the round-fed trust score
    page = client_for("pia").get(f"/portal/partnerships/{atlas.pk}/").content.decode()
    assert "Trust score" in page

    # the assessment reads the new round: perception gap, growing trust on both sides
    snapshot = record.partnership_snapshot(atlas)
    assert survey_rounds(snapshot.surveys)[-1].on == today()
    assessment = assess(snapshot, today(), load_playbook())
    gap = next(p for p in presenters.pitfalls(assessment) if p["code"] == "perception_gap")
    assert "trust" in " ".join(gap["evidence"]).lower()
    growing = next(
        i
        for i in presenters.readiness(assessment)["indicators"]
        if i["name"] == label("growing_trust")
    )
    assert not growing["met"]  # both sides answered, but the mean 3.25 is under 4.0
    assert "3.2" in growing["evidence"]

    # once closed: no more answers, no second close
    response = client_for("bo").post(f"/portal/rounds/{opened.pk}/answer/", {"score_trust": "3"})
    assert response.status_code == 404  # Boreal is not in Atlas
    response = client_for("ada").post(f"/portal/rounds/{opened.pk}/answer/", {"score_trust": "3"})
    assert response.status_code == 409
    assert "closed" in response.content.decode()
    assert SurveyResponse.objects.filter(partnership=atlas).count() == 3


def test_a_round_closes_itself_after_its_closing_date(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    opened_on = today() - timedelta(days=10)
    closes_on = today() - timedelta(days=3)
    opened = services.round_open(
        actor=user("mia"),
        partnership=atlas,
        closes_on=closes_on,
        questions=["trust", "satisfaction"],
        today=opened_on,
    )
    services.round_answer(user=user("pia"), round=opened, scores={"trust": 4}, today=opened_on)
    services.round_answer(user=user("cole"), round=opened, scores={"trust": 4}, today=closes_on)
    with pytest.raises(services.RoundRefused):
        services.round_answer(user=user("paz"), round=opened, scores={"trust": 1})  # too late
    assert client_for("pia").get("/portal/").status_code == 200  # reading closes what is due
    opened.refresh_from_db()
    assert not opened.is_open
    assert opened.closed_on == closes_on
    assert opened.closed_by is None
    assert set(SurveyResponse.objects.values_list("on", flat=True)) == {closes_on}
    trust = Observation.objects.get(metric__partnership=atlas, metric__key="trust_score")
    assert (trust.on, trust.value) == (closes_on, 4.0)
    # satisfaction was asked but answered by nobody: no value, said so in the audit note
    assert not Metric.objects.filter(partnership=atlas, key="satisfaction_score").exists()
    close = AuditRecord.objects.get(action="survey_round_close")
    assert close.actor_name == services.AUTOMATIC
    page = client_for("pia").get(f"/portal/rounds/{opened.pk}/").content.decode()
    assert "Results: both sides" in page


def test_a_one_sided_question_feeds_no_metric(world):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    opened = services.round_open(
        actor=user("mia"), partnership=atlas, closes_on=today(), questions=["trust"]
    )
    services.round_answer(user=user("pia"), round=opened, scores={"trust": 5})
    _, notes = services.round_close(actor=user("mia"), round=opened)
    assert notes == ["trust: only one side answered, so trust_score gets no value"]
    assert not Metric.objects.filter(partnership=atlas, key="trust_score").exists()
    assert SurveyResponse.objects.filter(partnership=atlas).count() == 1


def test_an_existing_metric_gets_the_value_and_a_recorded_day_is_kept(world):
    from partnerfolio.metrics import services as metric_services

    atlas = Partnership.objects.get(pk=world["Atlas"])
    trust = metric_services.metric_define(
        actor="test", partnership=atlas, key="trust_score", target=4
    )
    metric_services.observation_record(actor="test", metric=trust, on=today(), value=3.0)
    opened = services.round_open(
        actor=user("mia"), partnership=atlas, closes_on=today(), questions=["trust"]
    )
    services.round_answer(user=user("pia"), round=opened, scores={"trust": 5})
    services.round_answer(user=user("cole"), round=opened, scores={"trust": 5})
    _, notes = services.round_close(actor=user("mia"), round=opened)
    assert Metric.objects.filter(partnership=atlas, key="trust_score").count() == 1
    assert Observation.objects.get(metric=trust).value == 3.0
    assert notes == [f"trust_score already has a value on {today().isoformat()}: kept as it was"]


@pytest.mark.parametrize(
    ("person", "partnership", "expected"),
    [
        ("vic", "Atlas", 403),  # a viewer reads only
        ("cole", "Birch", 403),  # a contributor off the team
        ("mia", "Cobalt", 404),  # confidential, not on its team
        ("vic", "Cobalt", 404),
        ("pia", "Atlas", 404),  # partners never open rounds
        ("cole", "Atlas", 302),  # on the team
        ("cole", "Cobalt", 302),
        ("mia", "Birch", 302),
        ("ada", "Cobalt", 302),
    ],
)
def test_only_those_who_may_change_a_partnership_open_rounds(world, person, partnership, expected):
    url = f"/portal/rounds/new/{world[partnership]}/"
    closes_on = (today() + timedelta(days=5)).isoformat()
    response = client_for(person).post(url, {"closes_on": closes_on})
    assert response.status_code == expected
    opened = SurveyRound.objects.filter(partnership_id=world[partnership]).exists()
    assert opened == (expected == 302)


def test_one_open_round_at_a_time_and_one_answer_per_person(world):
    pk = world["Atlas"]
    mia = client_for("mia")
    closes_on = (today() + timedelta(days=5)).isoformat()
    assert mia.post(f"/portal/rounds/new/{pk}/", {"closes_on": closes_on}).status_code == 302
    response = mia.post(f"/portal/rounds/new/{pk}/", {"closes_on": closes_on})
    assert response.status_code == 409
    assert "already has an open round" in response.content.decode()
    opened = SurveyRound.objects.get(partnership_id=pk)
    pia = client_for("pia")
    assert pia.post(f"/portal/rounds/{opened.pk}/answer/", {"score_trust": "4"}).status_code == 302
    response = pia.post(f"/portal/rounds/{opened.pk}/answer/", {"score_trust": "1"})
    assert response.status_code == 409
    assert "already answered" in response.content.decode()
    # closed today: the next round opens tomorrow, so the record keeps one round per day
    services.round_close(actor=user("mia"), round=opened)
    response = mia.post(f"/portal/rounds/new/{pk}/", {"closes_on": closes_on})
    assert response.status_code == 409
    assert "tomorrow" in response.content.decode()


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({}, "scores", "answer at least one question"),
        ({"score_trust": "6"}, "trust", "must be a score from 1 to 5"),
        ({"score_trust": "high"}, "trust", "must be a score from 1 to 5"),
        ({"score_trust": "nan"}, "trust", "must be a score from 1 to 5"),
        ({"score_loyalty": "4"}, "scores", "not asked in this round: loyalty"),
    ],
)
def test_refused_answers_are_said_at_their_question(world, form, field, message):
    opened = services.round_open(
        actor=user("mia"),
        partnership=Partnership.objects.get(pk=world["Atlas"]),
        closes_on=today(),
        questions=["trust", "satisfaction"],
    )
    response = client_for("pia").post(f"/portal/rounds/{opened.pk}/answer/", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not opened.answers.exists()


@pytest.mark.parametrize(
    ("closes_on", "message"),
    [("yesterday", "must be a date written YYYY-MM-DD"), ("past", "must be today or later")],
)
def test_a_round_needs_a_closing_date_from_today(world, closes_on, message):
    value = (today() - timedelta(days=1)).isoformat() if closes_on == "past" else closes_on
    response = client_for("mia").post(f"/portal/rounds/new/{world['Atlas']}/", {"closes_on": value})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_service_refuses_a_round_without_questions(world):
    with pytest.raises(InvalidChange, match="asks no survey question"):
        services.round_open(
            actor=user("mia"),
            partnership=Partnership.objects.get(pk=world["Atlas"]),
            closes_on=today(),
            questions=[],
        )


def test_managers_choose_which_metrics_partners_see(world):
    pk = world["Atlas"]
    margin = Metric.objects.get(partnership_id=pk, key="project_margin")
    url = f"/portal/partnerships/{pk}/metrics/{margin.pk}/share/"
    assert (
        "Project margin"
        not in client_for("pia").get(f"/portal/partnerships/{pk}/").content.decode()
    )
    assert client_for("vic").post(url, {"shared": "yes"}).status_code == 403
    assert client_for("pia").post(url, {"shared": "yes"}).status_code == 404
    assert client_for("mia").post(url, {"shared": "yes"}).status_code == 302
    assert "Project margin" in client_for("pia").get(f"/portal/partnerships/{pk}/").content.decode()
    assert AuditRecord.objects.filter(action="metric_share", entity_id=margin.pk).exists()
    assert client_for("cole").post(url, {"shared": "no"}).status_code == 302
    assert (
        "Project margin"
        not in client_for("pia").get(f"/portal/partnerships/{pk}/").content.decode()
    )


def test_the_people_page_lists_partner_users_and_links_the_invitation(world):
    page = client_for("mia").get(f"/portal/organizations/{world['A']}/people/").content.decode()
    assert "pia" in page
    assert "paz" in page
    assert "Borealsen" not in page
    # the accounts app's invitation page, whatever its address, filled in for Aurora
    link = views._invite_url(world["A"])
    assert link.endswith(f"?role=partner&organization={world['A']}")
    assert f'href="{link.replace("&", "&amp;")}"' in page


def test_an_organization_known_only_through_a_confidential_partnership_is_hidden(world):
    from partnerfolio.partners.models import PartnerOrganization
    from partnerfolio.partnerships.models import PartnershipPartner

    secret = PartnerOrganization.objects.create(name="Secret Co")
    PartnershipPartner.objects.create(partnership_id=world["Cobalt"], partner=secret)
    url = f"/portal/organizations/{secret.pk}/people/"
    assert client_for("mia").get(url).status_code == 404
    assert client_for("ada").get(url).status_code == 200


def test_the_daily_command_closes_rounds_past_their_date(world):
    from io import StringIO

    from django.core.management import call_command

    opened = services.round_open(
        actor=user("mia"),
        partnership=Partnership.objects.get(pk=world["Birch"]),
        closes_on=today() - timedelta(days=1),
        questions=["trust"],
        today=today() - timedelta(days=2),
    )
    out = StringIO()
    call_command("close_rounds", stdout=out)
    assert out.getvalue().strip() == "1 survey round(s) closed"
    opened.refresh_from_db()
    assert opened.closed_on == today() - timedelta(days=1)


@pytest.mark.parametrize("written", ["20261231", "31/12/2026", "2026-12-31T00:00"])
def test_a_round_closes_on_a_date_written_one_way(world, written):
    atlas = Partnership.objects.get(pk=world["Atlas"])
    response = client_for("mia").post(f"/portal/rounds/new/{atlas.pk}/", {"closes_on": written})
    assert response.status_code == 400
    assert "must be a date written YYYY-MM-DD" in response.content.decode()
    assert not SurveyRound.objects.exists()
