"""What an alert run finds, whom it tells, and that it never tells twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from partnerfolio.domain import load_playbook
from partnerfolio.evidence.services import review_record
from partnerfolio.notifications import alerts as service
from partnerfolio.notifications.models import AlertSent, Notification
from partnerfolio.portal.models import RoundAnswer, SurveyRound
from tests.notifications.conftest import AS_OF, add, alerts, later

pytestmark = pytest.mark.django_db


def notified(username: str) -> set[tuple[str, str, str]]:
    return set(
        Notification.objects.filter(recipient__username=username).values_list(
            "partnership__name", "kind", "code"
        )
    )


def outbox() -> dict[str, str]:
    assert all(len(m.to) == 1 for m in mail.outbox)
    return {m.to[0].split("@")[0]: m for m in mail.outbox}


# -- de-duplication -----------------------------------------------------------------


def test_two_runs_announce_each_finding_once(world):
    first = alerts()
    assert first.alerts > 0
    assert first.notifications > 0
    count, sent = Notification.objects.count(), len(mail.outbox)
    second = alerts()
    assert (second.alerts, second.notifications, second.emails) == (0, 0, 0)
    assert Notification.objects.count() == count
    assert len(mail.outbox) == sent
    # a later day with the same conditions is no news either
    assert alerts(later(1)).alerts == 0


def test_a_pitfall_that_clears_and_returns_is_announced_again(world):
    atlas = world["Atlas"]
    alerts()
    assert ("Atlas", "pitfall", "review_overdue") in notified("olive")
    review_record(actor="test", partnership=atlas, on=AS_OF.isoformat(), decision="continue")
    cleared = alerts(later(1))
    assert cleared.cleared == 1
    episode = AlertSent.objects.get(partnership=atlas, code="review_overdue")
    assert (episode.key, episode.cleared_on) == ("1", later(1))
    # 46 days after the review, past 1.5 × the 30-day cadence: overdue again
    back = alerts(later(46))
    assert back.alerts >= 1
    episodes = AlertSent.objects.filter(partnership=atlas, code="review_overdue").order_by("key")
    assert [(e.key, e.cleared_on) for e in episodes] == [("1", later(1)), ("2", None)]
    assert (
        Notification.objects.filter(
            recipient__username="olive", partnership=atlas, code="review_overdue"
        ).count()
        == 2
    )
    # and still only once per episode
    assert alerts(later(47)).alerts == 0


def test_a_finding_claimed_by_another_run_meanwhile_is_not_announced_again(world):
    conditions = service.detect(AS_OF, load_playbook(None))
    mine, _ = service.claim(conditions, AS_OF)
    assert mine
    # a second run that detected the same things before the first one committed
    theirs, _ = service.claim(conditions, AS_OF)
    assert theirs == []
    assert AlertSent.objects.count() == len(mine)


# -- recipients and digests ---------------------------------------------------------


def test_one_digest_per_owner_listing_only_what_they_may_see(world):
    result = alerts()
    mails = outbox()
    # Atlas: its owner Olive (not Cole, a mere member); Birch, no team: managers and
    # admins; Cobalt, confidential without team: the administrator only; Dune,
    # confidential, no owner: its team (Cole).
    assert sorted(mails) == ["ada", "cole", "mia", "olive"]
    assert result.emails == 4
    assert len(mail.outbox) == 4
    expected = {
        "olive": {"Atlas"},
        "ada": {"Birch", "Cobalt"},
        "mia": {"Birch"},
        "cole": {"Dune"},
    }
    everything = {"Atlas", "Birch", "Cobalt", "Dune"}
    for person, names in expected.items():
        message = mails[person]
        html = message.alternatives[0][0]
        assert message.alternatives[0][1] == "text/html"
        for name in names:
            assert name in message.body
            assert name in html
        for name in everything - names:
            assert name not in message.body
            assert name not in html
            assert name not in message.subject
        assert "Review overdue: " in message.body  # the label, not the code
        assert "review_overdue" not in message.body
        assert "/notifications/" in message.body
    for person, names in expected.items():
        assert {n for n, _k, _c in notified(person)} == names
    assert notified("vic") == set()
    assert notified("pat") == set()


def test_no_email_for_people_without_an_address_but_the_notification_stays(world):
    from partnerfolio.accounts.models import User

    User.objects.filter(username="olive").update(email="")
    alerts()
    assert "olive" not in outbox()
    assert {n for n, _k, _c in notified("olive")} == {"Atlas"}


def test_inactive_owners_fall_back_to_the_team(world):
    from partnerfolio.accounts.models import User

    User.objects.filter(username="olive").update(is_active=False)
    alerts()
    assert {n for n, _k, _c in notified("cole")} == {"Atlas", "Dune"}


# -- reviews and agreements at the thresholds ----------------------------------------


def kinds(as_of, pid: int) -> set[tuple[str, str, str]]:
    """What is due (not the pitfalls) for one partnership on `as_of`."""
    return {
        (c.kind, c.code, c.key)
        for c in service.detect(as_of, load_playbook(None))
        if c.partnership_id == pid and c.kind != "pitfall"
    }


def test_reviews_coming_due_within_14_days_or_overdue(world, settings):
    # last review 16 days before AS_OF, every 30 days: due on AS_OF + 14
    review_record(
        actor="test", partnership=world["Atlas"], on=(AS_OF - timedelta(days=16)).isoformat()
    )
    atlas = world["Atlas"].pk
    due = later(14).isoformat()
    assert kinds(AS_OF, atlas) == {("review", "due", due)}
    assert kinds(AS_OF - timedelta(days=1), atlas) == set()  # 15 days ahead
    assert kinds(later(14), atlas) == {("review", "due", due)}  # due today
    assert kinds(later(15), atlas) == {("review", "overdue", due)}
    settings.PARTNERFOLIO_ALERT_REVIEW_DAYS = 7
    assert kinds(AS_OF, atlas) == set()
    assert kinds(later(7), atlas) == {("review", "due", due)}


def test_due_then_overdue_are_two_alerts_and_each_comes_once(world):
    review_record(
        actor="test", partnership=world["Atlas"], on=(AS_OF - timedelta(days=16)).isoformat()
    )
    alerts()
    alerts(later(15))
    alerts(later(16))
    codes = [
        c
        for _n, k, c in Notification.objects.filter(
            recipient__username="olive", kind="review"
        ).values_list("partnership__name", "kind", "code")
    ]
    assert sorted(codes) == ["due", "overdue"]


def test_agreements_renewing_or_ending_within_60_days(world):
    p = add(
        "Elm",
        agreements=[
            {
                "kind": "contract",
                "title": "Elm services agreement",
                "signed_on": "2025-01-01",
                "ends_on": later(60).isoformat(),
                "renewal_on": later(61).isoformat(),
            }
        ],
    )

    def agreement(as_of):
        return {c for k, c, _key in kinds(as_of, p.pk) if k == "agreement"}

    assert agreement(AS_OF) == {"end"}  # ends in 60 days, renews in 61
    assert agreement(AS_OF - timedelta(days=1)) == set()
    assert agreement(later(1)) == {"end", "renewal"}
    assert agreement(later(61)) == {"renewal"}  # the renewal day itself
    assert agreement(later(62)) == set()  # both past
    alerts()
    message = Notification.objects.get(partnership=p, kind="agreement", recipient__username="mia")
    assert "Elm services agreement" in message.message
    assert "ends on" in message.message


# -- survey rounds ------------------------------------------------------------------


def test_open_survey_rounds_remind_those_who_may_answer_and_have_not(world):
    atlas, birch = world["Atlas"], world["Birch"]
    for p in (atlas, birch):
        SurveyRound.objects.create(
            partnership=p,
            opened_on=AS_OF - timedelta(days=2),
            closes_on=later(12),
            questions=["trust", "satisfaction"],
        )
    from partnerfolio.accounts.models import User

    RoundAnswer.objects.create(
        round=SurveyRound.objects.get(partnership=birch),
        user=User.objects.get(username="mia"),
        respondent="Mia",
        side="ours",
        scores={"trust": 4, "satisfaction": 4},
    )
    alerts()
    surveys = set(
        Notification.objects.filter(kind="survey").values_list(
            "recipient__username", "partnership__name"
        )
    )
    assert surveys == {("olive", "Atlas"), ("ada", "Birch")}
    link = Notification.objects.get(kind="survey", recipient__username="olive").link
    assert link.startswith("/portal/rounds/")
    assert link.endswith("/answer/")
    assert "Survey rounds to answer" in outbox()["olive"].body
    assert alerts().alerts == 0


def test_alerts_go_to_the_account_chosen_as_owner(world):
    """Birch has no team: its alerts went to every manager and administrator. Once its
    owner is Cole's account, they go to Cole alone."""
    from partnerfolio.accounts.models import User
    from partnerfolio.partnerships import people
    from partnerfolio.partnerships.models import Partnership

    birch = Partnership.objects.get(name="Birch")
    people.people_set(
        actor="test", partnership=birch, expected_version=birch.version,
        people={"owner": User.objects.get(username="cole")},
    )  # fmt: skip
    alerts()
    assert {n for n, _k, _c in notified("cole")} == {"Birch", "Dune"}
    assert "Birch" not in {n for n, _k, _c in notified("mia")}
    assert {n for n, _k, _c in notified("ada")} == {"Cobalt"}
    assert "Birch" in outbox()["cole"].body
