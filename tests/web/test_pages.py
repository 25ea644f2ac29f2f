"""Every page answers a signed-in person, refuses everyone else, and reads in fixed queries."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from partnerfolio.audit.models import AuditRecord
from partnerfolio.evidence.models import Engagement
from partnerfolio.metrics.models import Observation
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships.models import Partnership
from tests.web.conftest import copies

pytestmark = pytest.mark.django_db
STRATUS = "Stratus Cloud strategic co-sell alliance"
PILOT = "DocAssist AI co-development pilot with Lumen Vector Labs"


def test_every_page_sends_a_stranger_to_sign_in(client, examples):
    pk = examples[STRATUS]
    for url in (
        "/",
        "/partnerships/",
        f"/partnerships/{pk}/",
        f"/partnerships/{pk}/promote/",
        f"/partnerships/{pk}/delete/",
        "/partnerships/deleted/",
        "/partners/",
        "/advisor/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    response = client.post(
        f"/partnerships/{pk}/evidence/engagements/", {"on": "2026-11-20", "kind": "check_in"}
    )
    assert response.status_code == 302
    assert not Engagement.objects.filter(on="2026-11-20").exists()


def test_signing_in_with_a_wrong_password_says_so(client, ana):
    response = client.post("/accounts/login/", {"username": "ana", "password": "wrong one"})
    assert response.status_code == 200
    assert b"didn't match" in response.content
    response = client.post(
        "/accounts/login/", {"username": "ana", "password": "a long enough passphrase"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_the_dashboard_shows_the_portfolio_at_a_glance(client_ana, examples):
    response = client_ana.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "5</strong> partnerships" in page
    for heading in (
        "Needs attention",
        "Portfolio map",
        "Health",
        "Transition pipeline",
        "Coming due",
    ):
        assert heading in page
    # each finding links to its partnership
    assert f'href="/partnerships/{examples[PILOT]}/"' in page
    assert page.count("<svg") >= 3  # map, health, composition


def test_the_list_filters_sorts_and_pages(client_ana, examples):
    page = client_ana.get("/partnerships/", {"type": "tactical"}).content.decode()
    assert "1 partnership<" in page
    assert "Project Keystone" in page
    assert STRATUS not in page
    page = client_ana.get("/partnerships/", {"q": "lumen"}).content.decode()
    assert PILOT in page
    assert "1 partnership<" in page
    page = client_ana.get("/partnerships/", {"partner": "Corvid"}).content.decode()
    assert "Corvid Analytics embedded-analytics alliance" in page
    response = client_ana.get("/partnerships/", {"sort": "name"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()  # only the results for htmx
    names = re.findall(r'href="/partnerships/\d+/">([^<]+)<', response.content.decode())
    assert names == sorted(names)


@pytest.mark.parametrize("role", ["admin", "manager"])
@pytest.mark.parametrize("search", [{"q": "Twin"}, {"partner": "Twin"}])
def test_a_partnership_whose_partners_both_match_is_listed_once(ana, role, search):
    """The search joins the partners: two of them matching must not list it twice."""
    from partnerfolio.accounts.models import User
    from partnerfolio.partnerships import services

    services.partnership_import(
        actor=ana,
        document={"name": "Joint venture", "partners": [{"name": "Twin A"}, {"name": "Twin B"}]},
    )
    user = ana if role == "manager" else User.objects.create_superuser("ada", "", "x" * 16)
    client = Client()
    client.force_login(user)
    page = client.get("/partnerships/", search).content.decode()
    assert "1 partnership<" in page
    assert page.count('">Joint venture</a>') == 1
    export = client.get("/spreadsheets/export/partnerships.csv", search)
    assert b"".join(export.streaming_content).count(b"Joint venture") == 1


def test_the_list_filters_by_pitfall(client_ana, examples):
    from partnerfolio.partnerships.models import AssessmentSummary

    client_ana.get("/partnerships/")
    flagged = AssessmentSummary.objects.exclude(pitfall_codes="").first()
    code = flagged.pitfall_codes.strip(",").split(",")[0]
    page = client_ana.get("/partnerships/", {"pitfall": code}).content.decode()
    assert flagged.partnership.name.replace("&", "&amp;") in page


def test_the_partnership_page_explains_the_partnership(client_ana, examples):
    response = client_ana.get(f"/partnerships/{examples[STRATUS]}/")
    assert response.status_code == 200
    page = response.content.decode()
    for part in (
        "Classification",
        "Pitfalls",
        "Governance fit",
        "Transition readiness",
        "Scorecard",
        "Two-sided surveys",
        "Timeline",
    ):
        assert part in page
    assert page.count('role="img"') >= 3  # radar, metric trends, surveys
    assert "Data as a table" in page


def test_a_missing_partnership_or_partner_answers_404(client_ana, examples):
    assert client_ana.get("/partnerships/999999/").status_code == 404
    assert client_ana.get("/partners/999999/").status_code == 404
    assert client_ana.post("/partnerships/999999/evidence/engagements/", {}).status_code == 404
    assert (
        client_ana.post(f"/partnerships/{examples[STRATUS]}/evidence/bogus/", {}).status_code == 404
    )


def test_recording_a_check_in_updates_the_page_and_the_trail(client_ana, ana, examples):
    pk = examples[STRATUS]
    response = client_ana.post(
        f"/partnerships/{pk}/evidence/engagements/",
        {"on": "2026-11-20", "kind": "check_in", "summary": "Weekly sync"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "Recorded the meeting." in page
    assert "Weekly sync" in page  # the timeline shows it
    record = AuditRecord.objects.filter(action="engagements_record").get()
    assert record.actor == ana


def test_a_bad_entry_is_refused_at_its_field_and_changes_nothing(client_ana, examples):
    pk = examples[STRATUS]
    before = Engagement.objects.count()
    response = client_ana.post(
        f"/partnerships/{pk}/evidence/engagements/",
        {"on": "2026-13-45", "kind": "check_in"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert "must be a date" in page
    assert Engagement.objects.count() == before
    response = client_ana.post(
        f"/partnerships/{pk}/observations/", {"metric": "", "on": "2026-11-01", "value": "x"}
    )
    assert response.status_code == 400
    assert Observation.objects.filter(on="2026-11-01", value=0).count() == 0


def test_a_stage_change_on_a_stale_copy_is_refused_with_a_message(client_ana, examples):
    pk = examples[STRATUS]
    partnership = Partnership.objects.get(pk=pk)
    response = client_ana.post(
        f"/partnerships/{pk}/stage/",
        {
            "to": "under_review",
            "on": "2026-11-20",
            "reason": "quarterly review",
            "version": partnership.version - 1,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.stage == "active"
    response = client_ana.post(
        f"/partnerships/{pk}/stage/",
        {
            "to": "under_review",
            "on": "2026-11-20",
            "reason": "drift",
            "version": partnership.version,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    partnership.refresh_from_db()
    assert partnership.stage == "under_review"


def test_promotion_asks_for_the_formalization_then_promotes(client_ana, examples):
    pk = examples[PILOT]
    page = client_ana.get(f"/partnerships/{pk}/promote/").content.decode()
    assert "Readiness" in page
    version = Partnership.objects.get(pk=pk).version
    response = client_ana.post(
        f"/partnerships/{pk}/promote/",
        {"on": "2026-11-20", "reason": "pilot proved the fit", "version": version},
    )
    assert response.status_code == 409
    assert "needs" in response.content.decode()
    assert Partnership.objects.get(pk=pk).type == "hybrid"
    response = client_ana.post(
        f"/partnerships/{pk}/promote/",
        {
            "on": "2026-11-20",
            "reason": "pilot proved the fit",
            "version": version,
            "executive_sponsor": "Dana Chen",
            "partner_executive_sponsor": "Kim Varga",
            "steering_committee": "yes",
            "success_metrics_defined": "yes",
            "escalation_path": "Alliance managers\nSponsors",
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get(pk=pk).type == "strategic"


def test_the_advisor_recommends_and_creates_what_it_recommends(client_ana):
    answers = {"well_defined_need": "yes", "time_bound": "yes", "outsourced_deliverable": "yes"}
    page = client_ana.get("/advisor/", answers).content.decode()
    assert "Recommendation" in page
    assert "tactical" in page
    response = client_ana.post(
        "/advisor/",
        {**answers, "name": "Data migration with Quarry", "partner": "Quarry Ltd", "create": "1"},
    )
    # create lands on the New partnership form, pre-filled, the answers carried along
    assert response.status_code == 302
    assert response["Location"].startswith("/partnerships/new/?")
    assert not Partnership.objects.filter(name="Data migration with Quarry").exists()
    form = client_ana.get(response["Location"]).content.decode()
    assert 'value="Data migration with Quarry"' in form
    assert "Quarry Ltd</textarea>" in form
    assert '<option value="tactical" selected>' in form
    assert "From the advisor: a tactical partnership." in form
    carried = dict(re.findall(r'type="hidden" name="(advice_\w+)" value="(\w+)"', form))
    assert carried == {f"advice_{k}": v for k, v in answers.items()}
    created = client_ana.post(
        "/partnerships/new/",
        {**carried, "name": "Data migration with Quarry", "new_partners": "Quarry Ltd",
         "type": "tactical", "stage": "proposed"},
    )  # fmt: skip
    assert created.status_code == 302
    created = Partnership.objects.get(name="Data migration with Quarry")
    assert (created.type, created.stage) == ("tactical", "proposed")
    assert created.metrics.exists()
    assert created.opportunity == dict.fromkeys(answers, True)
    assert created.review_cadence_days == 30
    assert PartnerOrganization.objects.filter(name="Quarry Ltd").exists()


def test_partner_pages_list_organizations_and_their_partnerships(client_ana, examples):
    page = client_ana.get("/partners/").content.decode()
    assert "Lumen Vector Labs" in page
    lumen = PartnerOrganization.objects.get(name="Lumen Vector Labs")
    page = client_ana.get(f"/partners/{lumen.pk}/").content.decode()
    assert PILOT in page


def test_a_forged_post_without_the_csrf_token_is_refused(ana, examples):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    response = client.post(
        f"/partnerships/{examples[STRATUS]}/evidence/engagements/",
        {"on": "2026-11-20", "kind": "check_in"},
    )
    assert response.status_code == 403
    assert not AuditRecord.objects.filter(action="engagements_record").exists()


@pytest.mark.parametrize(
    "url", ["/", "/partnerships/", "/partnerships/?sort=severity", "/partners/", "detail"]
)
def test_pages_read_in_a_fixed_number_of_queries(client_ana, ana, examples, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    target = f"/partnerships/{examples[STRATUS]}/" if url == "detail" else url
    client_ana.get(target)  # summaries computed once
    with CaptureQueriesContext(connection) as small:
        assert client_ana.get(target).status_code == 200
    copies(ana, 3)
    client_ana.get(target)
    with CaptureQueriesContext(connection) as large:
        assert client_ana.get(target).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_details_are_edited_on_a_fresh_copy_and_a_blank_clears(client_ana, examples):
    pk = examples[STRATUS]
    page = client_ana.get(f"/partnerships/{pk}/edit/").content.decode()
    assert 'name="governance.owner"' in page
    form = dict(re.findall(r'name="([\w.]+)"[^>]*value="([^"]*)"', page))
    form.pop("csrfmiddlewaretoken", None)
    partnership = Partnership.objects.get(pk=pk)
    stale = {**form, "governance.owner": "Someone Else", "version": partnership.version - 1}
    response = client_ana.post(f"/partnerships/{pk}/edit/", stale)
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()
    changed = {
        **form,
        "profile.exit_difficulty": "2",
        "planned_end_on": "",
        "governance.review_cadence_days": "45",
        "version": partnership.version,
    }
    response = client_ana.post(f"/partnerships/{pk}/edit/", changed)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.exit_difficulty, partnership.planned_end_on) == (2, None)
    assert partnership.review_cadence_days == 45
    assert AuditRecord.objects.filter(action="partnership_update").count() == 1
    bad = {**form, "profile.risk_reward": "9", "version": partnership.version}
    response = client_ana.post(f"/partnerships/{pk}/edit/", bad)
    assert response.status_code == 400
    assert "between 1 and 5" in response.content.decode()


def test_an_open_commitment_is_marked_delivered(client_ana, ana, examples):
    from partnerfolio.evidence import services as evidence_services
    from partnerfolio.evidence.models import Commitment

    partnership = Partnership.objects.get(pk=examples[STRATUS])
    row = evidence_services.commitment_record(
        actor=ana, partnership=partnership, title="Joint webinar", due_on="2026-11-15"
    )
    page = client_ana.get(f"/partnerships/{partnership.pk}/").content.decode()
    assert "Joint webinar" in page
    url = f"/partnerships/{partnership.pk}/commitments/{row.pk}/delivered/"
    response = client_ana.post(
        url, {"delivered_on": "2026-11-14", "met_quality": "yes", "version": row.version}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (str(row.delivered_on), row.met_quality) == ("2026-11-14", True)
    response = client_ana.post(url, {"delivered_on": "2026-11-16", "version": 1})
    assert response.status_code == 409  # someone (we) changed it since version 1
    other = Partnership.objects.get(pk=examples[PILOT])
    assert (
        client_ana.post(f"/partnerships/{other.pk}/commitments/{row.pk}/delivered/", {}).status_code
        == 404
    )
    assert Commitment.objects.get(pk=row.pk).delivered_on.isoformat() == "2026-11-14"


def test_an_htmx_request_after_the_session_ended_sends_the_window_to_sign_in(client, examples):
    pk = examples[STRATUS]
    response = client.post(
        f"/partnerships/{pk}/evidence/engagements/",
        {"on": "2026-11-20", "kind": "check_in"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
    assert not Engagement.objects.filter(on="2026-11-20").exists()


@pytest.mark.parametrize("metric", ["abc", "-1", "99999999999999999999", ""])
def test_a_forged_metric_choice_is_refused_at_its_field(client_ana, examples, metric):
    pk = examples[STRATUS]
    response = client_ana.post(
        f"/partnerships/{pk}/observations/", {"metric": metric, "on": "2026-11-01", "value": "3"}
    )
    assert response.status_code == 400
    assert "choose one of the partnership" in response.content.decode()
