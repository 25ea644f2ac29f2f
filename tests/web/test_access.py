"""Who may see and change what, page by page: a matrix of people × records × pages.

People (healthchecks-style personas): Ada the administrator, Mia a manager, Cole a
contributor on the team of Atlas and of the confidential Cobalt, Vic a viewer, Pat a
partner user at Atlas's partner, and someone not signed in. Records: Atlas (public,
Cole's team), Birch (public, no team), Cobalt (confidential, Cole's team).
"""

from __future__ import annotations

import pytest

from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from tests.people import PASSWORD, personas
from tests.people import signed_in as client_for

pytestmark = pytest.mark.django_db
PEOPLE = ("ada", "mia", "cole", "vic", "pat", "anonymous")


@pytest.fixture
def world(db) -> dict[str, int]:
    records = {}
    for name, partner, confidential in (
        ("Atlas", "Atlas Partner Co", False),
        ("Birch", "Birch Partner Co", False),
        ("Cobalt", "Cobalt Secret Co", True),
    ):
        p = services.partnership_import(
            actor="test",
            document={
                "name": name,
                "type": "tactical",
                "stage": "active",
                "started_on": "2026-01-01",
                "partners": [{"name": partner}],
            },
        )
        Partnership.objects.filter(pk=p.pk).update(confidential=confidential)
        records[name] = p.pk
    personas(partner_of="Atlas Partner Co", teams=(records["Atlas"], records["Cobalt"]))
    return records


# status of GET /partnerships/<record>/ by person
SEE = {
    "Atlas": {"ada": 200, "mia": 200, "cole": 200, "vic": 200, "pat": 404, "anonymous": 302},
    "Birch": {"ada": 200, "mia": 200, "cole": 200, "vic": 200, "pat": 404, "anonymous": 302},
    "Cobalt": {"ada": 200, "mia": 404, "cole": 200, "vic": 404, "pat": 404, "anonymous": 302},
}
# status of recording a check-in on <record> by person (302: recorded, then the page)
CHANGE = {
    "Atlas": {"ada": 302, "mia": 302, "cole": 302, "vic": 403, "pat": 404, "anonymous": 302},
    "Birch": {"ada": 302, "mia": 302, "cole": 403, "vic": 403, "pat": 404, "anonymous": 302},
    "Cobalt": {"ada": 302, "mia": 404, "cole": 302, "vic": 404, "pat": 404, "anonymous": 302},
}
PAGES = ("/partnerships/{pk}/", "/partnerships/{pk}/edit/", "/partnerships/{pk}/promote/")


@pytest.mark.parametrize("record", SEE)
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("page", PAGES)
def test_a_partnership_page_answers_only_those_who_may_see_it(world, person, record, page):
    response = client_for(person).get(page.format(pk=world[record]))
    expected = SEE[record][person]
    if page != PAGES[0] and expected == 200:
        expected = 200 if CHANGE[record][person] == 302 else 403  # edit pages need the right
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")


# pages only managers and administrators open, of the partnerships they see
MANAGER_PAGES = ("/partnerships/{pk}/team/", "/partnerships/{pk}/delete/")


@pytest.mark.parametrize("record", SEE)
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_team_and_delete_pages_answer_only_managers_who_see_it(world, person, record, page):
    response = client_for(person).get(page.format(pk=world[record]))
    expected = SEE[record][person]
    if expected == 200 and person not in ("ada", "mia"):
        expected = 403
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")


# the deleted partnerships name confidential ones: administrators only
DELETED = {"ada": 200, "mia": 404, "cole": 404, "vic": 404, "pat": 404, "anonymous": 302}


@pytest.mark.parametrize("person", PEOPLE)
def test_only_administrators_see_the_deleted_partnerships(world, person):
    services.partnership_delete(
        actor="test",
        partnership=Partnership.objects.get(pk=world["Cobalt"]),
        expected_version=Partnership.objects.get(pk=world["Cobalt"]).version,
        reason="recorded in error",
    )
    deletion = AuditRecord.objects.get(action="partnership_delete").pk
    client = client_for(person)
    response = client.get("/partnerships/deleted/")
    assert response.status_code == DELETED[person]
    assert ("Cobalt" in response.content.decode()) == (person == "ada")
    restore = client.post(f"/partnerships/deleted/{deletion}/restore/")
    assert restore.status_code == (302 if person in ("ada", "anonymous") else 404)
    assert Partnership.objects.filter(name="Cobalt").exists() == (person == "ada")


@pytest.mark.parametrize("record", CHANGE)
@pytest.mark.parametrize("person", PEOPLE)
def test_evidence_is_recorded_only_by_those_who_may_change_it(world, person, record):
    response = client_for(person).post(
        f"/partnerships/{world[record]}/evidence/engagements/",
        {"on": "2026-11-20", "kind": "check_in", "summary": f"by {person}"},
    )
    assert response.status_code == CHANGE[record][person]
    recorded = AuditRecord.objects.filter(
        action="engagements_record", partnership_id=world[record]
    ).exists()
    assert recorded == (CHANGE[record][person] == 302 and person != "anonymous")


@pytest.mark.parametrize("person", ["mia", "vic", "cole"])
@pytest.mark.parametrize(
    "url", ["/", "/partnerships/", "/partnerships/?q=Cobalt", "/partners/", "/advisor/"]
)
def test_a_confidential_partnership_is_absent_for_those_outside_its_team(world, person, url):
    page = client_for(person).get(url).content.decode()
    page = page.split("<tbody>")[-1] if url.startswith("/partnerships/") else page
    # (the list's rows, not the search box or the download links, which repeat the query)
    if person == "cole":
        if url.startswith("/partnerships/"):
            assert "Cobalt" in page
    else:
        assert "Cobalt" not in page


def test_counts_on_the_dashboard_leave_out_what_is_hidden(world):
    assert "2</strong> partnerships" in client_for("mia").get("/").content.decode()
    assert "3</strong> partnerships" in client_for("ada").get("/").content.decode()


def test_the_partner_of_a_confidential_partnership_is_hidden_too(world):
    secret = PartnerOrganization.objects.get(name="Cobalt Secret Co")
    assert client_for("vic").get(f"/partners/{secret.pk}/").status_code == 404
    assert client_for("cole").get(f"/partners/{secret.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/partnerships/", "/partners/", "/advisor/", "/?q=x"])
def test_partner_users_never_see_our_pages(world, url):
    expected = 302 if url.startswith("/?") else 404  # the site's address: to the portal
    response = client_for("pat").get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == "/portal/"


@pytest.mark.parametrize(("person", "expected"), [("mia", 302), ("cole", 403), ("vic", 403)])
def test_only_managers_create_from_the_advisor(world, person, expected):
    answers = {"well_defined_need": "yes", "time_bound": "yes", "outsourced_deliverable": "yes"}
    client = client_for(person)
    response = client.post("/advisor/", {**answers, "name": f"Created by {person}", "create": "1"})
    assert response.status_code == expected
    advised = {f"advice_{k}": v for k, v in answers.items()}
    created = client.post(
        "/partnerships/new/", {**advised, "name": f"Created by {person}", "stage": "proposed"}
    )
    assert created.status_code == (302 if expected == 302 else 403)
    assert Partnership.objects.filter(name=f"Created by {person}").exists() == (expected == 302)


@pytest.mark.parametrize(("person", "moved"), [("mia", True), ("cole", False)])
def test_only_managers_override_a_guard(world, person, moved):
    pk = world["Atlas"]
    Partnership.objects.filter(pk=pk).update(type="strategic", stage="negotiation")
    partnership = Partnership.objects.get(pk=pk)
    response = client_for(person).post(
        f"/partnerships/{pk}/stage/",
        {
            "to": "active",
            "on": "2026-11-20",
            "reason": "signed",
            "override_reason": "the board decided",
            "version": partnership.version,
        },
    )
    assert (Partnership.objects.get(pk=pk).stage == "active") == moved
    if not moved:
        assert response.status_code == 403
        assert "only a manager or an administrator may override" in response.content.decode()


def test_passwords_are_hashed_with_argon2(db):
    user = User.objects.create_user(username="hana", password=PASSWORD)
    assert user.password.startswith("argon2$")


def test_a_manager_sets_the_team_and_marks_a_partnership_confidential(world):
    mia = User.objects.get(username="mia")
    vic = User.objects.get(username="vic")
    birch = Partnership.objects.get(pk=world["Birch"])
    url = f"/partnerships/{birch.pk}/team/"
    assert client_for("cole").get(url).status_code == 403  # contributor, not on Birch's team
    assert client_for("vic").get(url).status_code == 403
    manager = client_for("mia")
    response = manager.post(
        url, {"member": [vic.pk], "confidential": "yes", "version": birch.version}
    )
    assert response.status_code == 400
    assert "put yourself on the team" in response.content.decode()
    assert not Partnership.objects.get(pk=birch.pk).confidential
    response = manager.post(
        url,
        {
            "member": [vic.pk, mia.pk],
            "owner": [mia.pk],
            "confidential": "yes",
            "version": birch.version,
        },
    )
    assert response.status_code == 302
    birch.refresh_from_db()
    assert birch.confidential
    assert dict(birch.members.values_list("user__username", "owner")) == {"mia": True, "vic": False}
    assert client_for("vic").get(f"/partnerships/{birch.pk}/").status_code == 200
    assert client_for("cole").get(f"/partnerships/{birch.pk}/").status_code == 404
    record = AuditRecord.objects.get(action="partnership_team_update")
    assert record.before["confidential"] is False
    assert record.after["confidential"] is True
    stale = manager.post(url, {"member": [mia.pk], "version": birch.version - 1})
    assert stale.status_code == 409


def test_a_name_chosen_on_a_page_is_refused_alike_whoever_holds_it(world):
    """mia, outside Cobalt's team, gets the same pages for Cobalt's name as for Birch's,
    on the advisor's create (its New partnership form) and on the edit page's rename
    (docs/access.md, "Names")."""
    import re

    from partnerfolio.accounts.names import NOT_AVAILABLE

    mia = client_for("mia")
    answers = {"well_defined_need": "yes", "time_bound": "yes", "outsourced_deliverable": "yes"}
    atlas = world["Atlas"]
    page = mia.get(f"/partnerships/{atlas}/edit/").content.decode()
    form = dict(re.findall(r'name="([\w.]+)"[^>]*value="([^"]*)"', page))
    form.pop("csrfmiddlewaretoken", None)

    def pages(name: str) -> list[str]:
        advised = {f"advice_{k}": v for k, v in answers.items()}
        created = mia.post("/partnerships/new/", {**advised, "name": name, "stage": "proposed"})
        renamed = mia.post(f"/partnerships/{atlas}/edit/", {**form, "name": name})
        assert (created.status_code, renamed.status_code) == (409, 409)  # a name in use
        found = []
        for response in (created, renamed):
            html = response.content.decode()
            assert NOT_AVAILABLE in html
            html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
            html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
            found.append(re.sub(rf"{name}(?! Partner Co)", "NAME", html))  # not the partner
        return found

    hidden, seen = pages("Cobalt"), pages("Birch")
    for one, other in zip(hidden, seen, strict=True):
        assert one.splitlines() == other.splitlines()
    assert Partnership.objects.get(pk=atlas).name == "Atlas"
    assert Partnership.objects.filter(name__in=("Cobalt", "Birch")).count() == 2
