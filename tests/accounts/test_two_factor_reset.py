"""An administrator resets the two-factor authentication of a person who lost their
authenticator: on the people page, or with `partnerfolio resettwofactor USERNAME`."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnerfolio.accounts import services
from partnerfolio.accounts.models import User
from partnerfolio.audit.models import AuditRecord
from partnerfolio.cli import main
from tests.accounts.conftest import code_for, confirmed_device, sign_in

pytestmark = pytest.mark.django_db


def reset_url(person: User) -> str:
    return f"/accounts/people/{person.pk}/two-factor/reset/"


def signed_in_with_code(username: str, device: TOTPDevice) -> Client:
    """A session of someone who gave their password and then their code."""
    client = Client()
    assert sign_in(client, username)["Location"] == "/accounts/login/code/"
    assert client.post("/accounts/login/code/", {"code": code_for(device)}).status_code == 302
    assert client.get("/").status_code == 200
    return client


def test_an_administrator_resets_a_persons_two_factor(client, ana, ben, root):
    device = confirmed_device(ana)
    TOTPDevice.objects.create(user=ana, name="a second, never confirmed", confirmed=False)
    here, there = signed_in_with_code("ana", device), signed_in_with_code("ana", device)
    client.force_login(root)

    people = client.get("/accounts/people/").content.decode()
    assert f'href="{reset_url(ana)}"' in people
    assert "Reset two-factor…" in people
    assert reset_url(ben) not in people  # ben has no device: nothing is offered

    page = client.get(reset_url(ana))
    assert page.status_code == 200
    text = page.content.decode()
    for said in ("removes their authenticator devices", "signs them out of every session"):
        assert said in text
    assert "their password alone signs them in" in text  # two-factor is not required here
    assert "csrfmiddlewaretoken" in text
    assert TOTPDevice.objects.filter(user=ana).count() == 2  # looking changes nothing

    response = client.post(reset_url(ana))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/people/"
    assert (
        "two-factor authentication of ana is reset"
        in client.get("/accounts/people/").content.decode()
    )
    assert not TOTPDevice.objects.filter(user=ana).exists()
    # every session of ana's is over; the administrator's goes on
    assert here.get("/").status_code == 302
    assert there.get("/partnerships/")["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 200

    record = AuditRecord.objects.get(action="two_factor_reset")
    assert (record.actor, record.entity, record.entity_id) == (root, "user", ana.pk)
    assert record.after == {"devices_removed": 2, "sessions_ended": True}
    written = f"{record.before} {record.after} {record.note}"
    assert device.key not in written
    assert ana.password not in written

    # the password alone signs ana in now
    fresh = Client()
    assert sign_in(fresh, "ana")["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert fresh.get("/").status_code == 200
    assert "Set up two-factor authentication" in fresh.get("/accounts/").content.decode()


def test_when_two_factor_is_required_they_set_it_up_again(ana, root, settings):
    settings.PARTNERFOLIO_REQUIRE_2FA = True
    confirmed_device(ana)
    client = signed_in_with_code("root", confirmed_device(root))
    assert "they must set up two-factor authentication again" in (
        client.get(reset_url(ana)).content.decode()
    )
    client.post(reset_url(ana))
    fresh = Client()
    sign_in(fresh, "ana")
    assert fresh.get("/")["Location"] == "/accounts/two-factor/"
    assert fresh.get("/accounts/two-factor/").status_code == 200
    device = TOTPDevice.objects.get(user=ana, confirmed=False)
    assert fresh.post("/accounts/two-factor/", {"code": code_for(device)}).status_code == 302
    assert fresh.get("/").status_code == 200


def test_only_administrators_reset(client, ana, ben):
    device = confirmed_device(ben)
    client.force_login(ana)  # a manager
    assert client.get(reset_url(ben)).status_code == 403
    assert client.post(reset_url(ben)).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not AuditRecord.objects.filter(action="two_factor_reset").exists()
    with pytest.raises(services.TwoFactorResetRefused):
        services.two_factor_reset(actor=ana, person=ben)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_an_administrator_does_not_reset_their_own(root, ana):
    device = confirmed_device(root)
    confirmed_device(ana)
    client = signed_in_with_code("root", device)
    people = client.get("/accounts/people/").content.decode()
    assert reset_url(root) not in people
    assert reset_url(ana) in people
    for response in (client.get(reset_url(root)), client.post(reset_url(root))):
        assert response.status_code == 400
        assert "cannot reset your own two-factor authentication" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.get("/").status_code == 200  # still signed in
    with pytest.raises(services.TwoFactorResetRefused):
        services.two_factor_reset(actor=root, person=root)
    assert not AuditRecord.objects.filter(action="two_factor_reset").exists()


def test_a_post_without_the_csrf_token_is_refused(ana, root):
    device = confirmed_device(ana)
    client = Client(enforce_csrf_checks=True)
    client.force_login(root)
    assert client.get(reset_url(ana)).status_code == 200
    assert client.post(reset_url(ana)).status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    # with the token the page's form carries, it works
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reset_url(ana), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=ana).exists()


def test_a_person_without_a_device_has_nothing_to_reset(client, ben, root):
    TOTPDevice.objects.create(user=ben, name="set up but never confirmed", confirmed=False)
    client.force_login(root)
    for method in (client.get, client.post):
        response = method(reset_url(ben))
        assert response.status_code == 302
        assert response["Location"] == "/accounts/people/"
        assert "nothing to reset" in client.get("/accounts/people/").content.decode()
    assert TOTPDevice.objects.filter(user=ben).exists()  # nothing changed
    assert not AuditRecord.objects.filter(action="two_factor_reset").exists()
    assert client.get("/accounts/people/999999/two-factor/reset/").status_code == 404


def test_signing_out_everywhere_still_ends_only_the_other_sessions(ana):
    """The account page's button and the reset share one way of ending sessions."""
    here, there = Client(), Client()
    here.force_login(ana)
    there.force_login(ana)
    here.post("/accounts/sign-out-everywhere/")
    assert here.get("/").status_code == 200
    assert there.get("/").status_code == 302


def run(capsys, *args: str) -> tuple[int, str, str]:
    """The command run in-process as from the shell (it closes the database connection at
    the end, hence these tests' `transaction=True`)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.django_db(transaction=True)
def test_the_command_resets_a_persons_two_factor(capsys, ana):
    device = confirmed_device(ana)
    session = signed_in_with_code("ana", device)
    code, out, err = run(capsys, "resettwofactor", "ana")
    assert code == 0, err
    assert "reset the two-factor authentication of ana" in out
    assert not TOTPDevice.objects.filter(user=ana).exists()
    assert session.get("/").status_code == 302
    record = AuditRecord.objects.get(action="two_factor_reset")
    assert record.actor is None
    assert record.actor_name.startswith("command line")
    assert record.entity_id == ana.pk
    assert sign_in(Client(), "ana")["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)

    code, out, err = run(capsys, "resettwofactor", "ana")
    assert code == 0
    assert "nothing to reset" in out
    assert AuditRecord.objects.filter(action="two_factor_reset").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_command_refuses_an_unknown_username(capsys, ana):
    confirmed_device(ana)
    code, out, err = run(capsys, "resettwofactor", "nobody")
    assert code == 2
    assert "no user named 'nobody'" in err
    assert out == ""
    assert TOTPDevice.objects.filter(user=ana).exists()
