"""/notifications/: each person's own list, marking read, the unread count."""

from __future__ import annotations

import pytest
from django.test import Client

from partnerfolio.accounts.models import User
from partnerfolio.notifications.models import Notification
from partnerfolio.partnerships.models import Partnership, TeamMember
from tests.notifications.conftest import alerts

pytestmark = pytest.mark.django_db


def client_for(person: str) -> Client:
    client = Client()
    if person != "anonymous":
        client.force_login(User.objects.get(username=person))
    return client


def test_the_list_shows_what_the_digest_said(world):
    from django.core import mail

    alerts()
    for person, names in {"mia": {"Birch"}, "ada": {"Birch", "Cobalt"}, "cole": {"Dune"}}.items():
        page = client_for(person).get("/notifications/")
        assert page.status_code == 200
        html = page.content.decode()
        digest = next(m for m in mail.outbox if m.to == [f"{person}@example.org"])
        for name in {"Atlas", "Birch", "Cobalt", "Dune"}:
            assert (name in html) == (name in names) == (name in digest.body)
        assert "The partnership review is overdue." in html
    page = client_for("vic").get("/notifications/")
    assert page.status_code == 200
    assert "No notification" in page.content.decode()


def test_marking_read_and_the_unread_count(world):
    alerts()
    mia = client_for("mia")
    total = Notification.objects.filter(recipient__username="mia").count()
    assert mia.get("/notifications/count/").content.decode() == str(total)
    first = Notification.objects.filter(recipient__username="mia").first()
    answer = mia.post(f"/notifications/{first.pk}/read/")
    assert answer.status_code == 302
    assert answer["Location"] == "/notifications/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert mia.get("/notifications/count/").content.decode() == str(total - 1)
    assert f"{total - 1}</span> unread" in mia.get("/notifications/").content.decode()
    unread_only = mia.get("/notifications/?show=unread").content.decode()
    assert f'id="notification-{first.pk}"' not in unread_only
    # by htmx: the item alone, now read
    other = Notification.objects.filter(recipient__username="mia", read_at__isnull=True).first()
    fragment = mia.post(f"/notifications/{other.pk}/read/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert fragment.content.decode().lstrip().startswith(f'<li id="notification-{other.pk}"')
    assert mia.post("/notifications/read-all/").status_code == 302
    assert mia.get("/notifications/count/").content.decode() == "0"


def test_a_next_address_elsewhere_is_not_followed(world):
    alerts()
    note = Notification.objects.filter(recipient__username="mia").first()
    answer = client_for("mia").post(
        f"/notifications/{note.pk}/read/", {"next": "https://evil.example/"}
    )
    assert answer["Location"] == "/notifications/"


def test_only_your_own_notifications(world):
    alerts()
    ada_note = Notification.objects.filter(recipient__username="ada").first()
    for person in ("mia", "cole", "vic", "olive"):
        assert client_for(person).post(f"/notifications/{ada_note.pk}/read/").status_code == 404
    ada_note.refresh_from_db()
    assert ada_note.read_at is None
    assert (
        f"notification-{ada_note.pk}"
        not in client_for("mia").get("/notifications/").content.decode()
    )
    assert client_for("pat").get("/notifications/").status_code == 404  # partner users
    assert client_for("anonymous").get("/notifications/").status_code == 302  # sign in first
    assert client_for("mia").get(f"/notifications/{ada_note.pk}/read/").status_code == 405


def test_notifications_about_what_you_can_no_longer_see_are_hidden(world):
    alerts()
    cole = User.objects.get(username="cole")
    dune = world["Dune"]
    note = Notification.objects.filter(recipient=cole, partnership=dune).first()
    assert note is not None
    TeamMember.objects.filter(user=cole, partnership=dune).delete()  # left Dune's team
    client = client_for("cole")
    assert "Dune" not in client.get("/notifications/").content.decode()
    assert client.get("/notifications/count/").content.decode() == "0"
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    assert Partnership.objects.filter(pk=dune.pk).exists()


def test_the_header_tag_counts_unread(world, rf):
    from django.template import Context, Template

    alerts()
    request = rf.get("/")
    request.user = User.objects.get(username="mia")
    rendered = Template("{% load notifications %}{% unread_notifications as n %}[{{ n }}]").render(
        Context({"request": request})
    )
    assert rendered == f"[{Notification.objects.filter(recipient__username='mia').count()}]"
