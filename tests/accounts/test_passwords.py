"""A password made of the username repeated is refused (Django's similarity check lets
"anaanaanaana" through for "ana"), wherever a password is chosen."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from partnerfolio.accounts.invitations import invitation_create
from partnerfolio.accounts.models import User
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

REPEATED = (
    "anaanaanaana",
    "AnaAnaAnaAna",
    "ana-ana-ana-ana",
    "ana ana ana ana",
    "ana1ana2ana3ana4",
    "ana.2026.ana.2026",
    "ana123456789012",
)
NOT_REPEATED = ("correct horse battery staple", "banana banana split", "anaconda-mountain")


@pytest.mark.parametrize("password", REPEATED)
def test_the_username_repeated_is_refused(password):
    with pytest.raises(ValidationError, match="username repeated"):
        validate_password(password, user=User(username="ana"))


@pytest.mark.parametrize("password", NOT_REPEATED)
def test_a_password_that_merely_contains_the_username_is_taken(password):
    validate_password(password, user=User(username="ana"))


def test_the_rule_reads_the_letters_of_the_username():
    with pytest.raises(ValidationError, match="username repeated"):
        validate_password("mia.lind-mia.lind", user=User(username="mia.lind"))
    validate_password("1234-5678-9012-3456", user=User(username="4242"))  # no letters to repeat


def test_accepting_an_invitation_refuses_the_username_repeated(client, ana):
    invitation = invitation_create(actor=ana, email="dev@example.org", role="contributor")
    link = f"/accounts/invitations/{invitation.token}/"
    response = client.post(
        link, {"username": "dev", "password1": "devdevdevdevdev", "password2": "devdevdevdevdev"}
    )
    assert response.status_code == 400
    assert "username repeated" in response.content.decode()
    assert not User.objects.filter(username="dev").exists()


def test_changing_a_password_refuses_the_username_repeated(ana):
    client = Client()
    client.force_login(ana)
    new = "ana_ana_ana_ana"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 400
    assert "username repeated" in response.content.decode()
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_createuser_refuses_the_username_repeated(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "leeleeleeleelee")
    with pytest.raises(CommandError, match="username repeated"):
        call_command("createuser", "lee")
    assert not User.objects.filter(username="lee").exists()
