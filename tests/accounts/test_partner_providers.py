"""The administrators' pages of partner organizations' identity providers, and their
sign-in links (docs/sso.md, "Partner organizations' providers"), on both databases. The
issuer's discovery document is served for real, on loopback, by a small HTTP server of
the test's; the sign-in through a provider is in tests/sso/test_partner_sso.py."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from partnerfolio.accounts.models import PartnerIdentityProvider
from partnerfolio.accounts.sso import SingleSignOn
from partnerfolio.audit.models import AuditRecord
from partnerfolio.partners.models import PartnerOrganization
from tests.people import personas as make_personas
from tests.people import signed_in

pytestmark = pytest.mark.django_db
SECRET = "the partner's client secret"


@dataclass
class Discovery:
    """Answers GET PATH with what the test put there (404 otherwise)."""

    base: str
    answers: dict[str, tuple[int, bytes]] = field(default_factory=dict)

    def serve(self, path: str, **changes: object) -> str:
        """A valid discovery document for the issuer `base + path`, with `changes` over
        it (a value None drops the key); the issuer's address."""
        issuer = self.base + path
        document: dict[str, object] = {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/auth",
            "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks",
        }
        document.update(changes)
        document = {k: v for k, v in document.items() if v is not None}
        self.answers[f"{path}/.well-known/openid-configuration"] = (
            200,
            json.dumps(document).encode(),
        )
        return issuer


@pytest.fixture
def discovery() -> Iterator[Discovery]:
    answers: dict[str, tuple[int, bytes]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = answers.get(self.path, (404, b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Discovery(f"http://127.0.0.1:{server.server_port}", answers)
    server.shutdown()
    server.server_close()


@pytest.fixture
def acme() -> PartnerOrganization:
    organization = PartnerOrganization.objects.create(name="Acme Robotics")
    make_personas(partner_of="Acme Robotics", teams=())
    return organization


def settings_for(issuer: str, /, **changes: str) -> dict[str, str]:
    data = {
        "name": "Acme sign-in",
        "issuer": issuer,
        "client_id": "partnerfolio",
        "client_secret": SECRET,
        "email_claim": "email",
        "domains": "acme.example\n@Robots.Acme.Example",
        "enabled": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def add(client: Client, organization: PartnerOrganization, issuer: str, /, **changes: str):
    return client.post(
        "/accounts/partner-sign-in/new/",
        {"organization": organization.pk, **settings_for(issuer, **changes)},
    )


def audit_of(action: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(action=action).order_by("pk"))


def test_an_administrator_adds_one_and_the_page_shows_its_links_but_never_the_secret(
    acme: PartnerOrganization, discovery: Discovery
) -> None:
    issuer = discovery.serve("/realms/acme")
    admin = signed_in("ada")

    answer = add(admin, acme, issuer + "/")  # a trailing slash is not part of the issuer

    provider = PartnerIdentityProvider.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/accounts/partner-sign-in/{provider.pk}/"
    assert (provider.organization, provider.issuer, provider.client_secret) == (
        acme,
        issuer,
        SECRET,
    )
    assert provider.domains == ["acme.example", "robots.acme.example"]
    (created,) = audit_of("partner_identity_provider_create")
    assert (created.actor_name, created.entity_id) == ("ada", provider.pk)
    assert created.after["domains"] == ["acme.example", "robots.acme.example"]
    assert SECRET not in json.dumps([created.before, created.after, created.note])

    page = admin.get(answer["Location"]).content.decode()
    assert f"http://testserver/accounts/sso/partner/{provider.link_token}/" in page
    callback = f"/accounts/sso/oidc/partner-{provider.link_token}/login/callback/"
    assert f"http://testserver{callback}" in page
    assert SECRET not in page
    assert "one is set: leave this blank to keep it" in page


def test_the_organization_page_and_the_people_page_lead_administrators_there(
    acme: PartnerOrganization, discovery: Discovery
) -> None:
    organization_page = signed_in("ada").get(f"/partners/{acme.pk}/").content.decode()
    assert f"/accounts/partner-sign-in/new/?organization={acme.pk}" in organization_page
    assert (
        "/accounts/partner-sign-in/" in signed_in("ada").get("/accounts/people/").content.decode()
    )
    assert "partner-sign-in" not in signed_in("mia").get(f"/partners/{acme.pk}/").content.decode()

    add(signed_in("ada"), acme, discovery.serve("/acme"))
    provider = PartnerIdentityProvider.objects.get()
    again = signed_in("ada").get(f"/partners/{acme.pk}/").content.decode()
    assert f"/accounts/partner-sign-in/{provider.pk}/" in again


@pytest.mark.parametrize(
    ("person", "expected"),
    [("mia", 403), ("cole", 403), ("vic", 403), ("pat", 404), ("anonymous", 302)],
)
def test_everyone_but_administrators_is_refused_and_changes_nothing(
    acme: PartnerOrganization, discovery: Discovery, person: str, expected: int
) -> None:
    issuer = discovery.serve("/acme")
    add(signed_in("ada"), acme, issuer)
    provider = PartnerIdentityProvider.objects.get()
    records = AuditRecord.objects.count()
    client = signed_in(person)
    base = "/accounts/partner-sign-in/"
    for url in (base, f"{base}new/", f"{base}{provider.pk}/", f"{base}{provider.pk}/remove/"):
        assert client.get(url).status_code == expected, url
    assert add(client, acme, issuer, name="Taken over").status_code == expected
    edited = client.post(f"{base}{provider.pk}/", settings_for(issuer, name="Taken over"))
    assert edited.status_code == expected
    assert client.post(f"{base}{provider.pk}/remove/").status_code == expected

    provider.refresh_from_db()
    assert provider.name == "Acme sign-in"
    assert AuditRecord.objects.count() == records


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("unreachable", "could not be reached at"),
        ("not found", "answered HTTP 404, not a discovery document"),
        ("not json", "did not answer with a discovery document (JSON)"),
        ("another issuer", "names the issuer https://sso.example.com/other, not this one"),
        ("no keys", "has no jwks_uri"),
    ],
)
def test_an_issuer_whose_discovery_fails_is_refused_saying_what_is_wrong(
    acme: PartnerOrganization, discovery: Discovery, case: str, says: str
) -> None:
    if case == "unreachable":
        issuer = f"http://127.0.0.1:{_closed_port()}/acme"
    elif case == "not found":
        issuer = discovery.base + "/nobody"
    elif case == "not json":
        issuer = discovery.base + "/html"
        discovery.answers["/html/.well-known/openid-configuration"] = (200, b"<html>")
    elif case == "another issuer":
        issuer = discovery.serve("/acme", issuer="https://sso.example.com/other")
    else:
        issuer = discovery.serve("/acme", jwks_uri=None)

    answer = add(signed_in("ada"), acme, issuer)

    assert answer.status_code == 400
    assert says in answer.content.decode()
    assert not PartnerIdentityProvider.objects.exists()
    assert not audit_of("partner_identity_provider_create")


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"domains": "acme.example\nnot a domain!"}, "Not a domain name: not, a, domain!"),
        ({"domains": " \n "}, "This field is required."),
        ({"domains": ",,"}, "Name at least one domain"),
        ({"issuer": "http://sso.acme.example/realms/a"}, "must be an https:// address"),
        ({"issuer": "sso.acme.example"}, "Give the issuer as a full address"),
        ({"email_claim": "e mail"}, "A claim&#x27;s name is letters, digits"),
        ({"client_secret": ""}, "This field is required."),
    ],
)
def test_bad_settings_are_refused_on_their_field_and_create_nothing(
    acme: PartnerOrganization, discovery: Discovery, changes: dict[str, str], says: str
) -> None:
    answer = add(signed_in("ada"), acme, discovery.serve("/acme"), **changes)
    assert answer.status_code == 400
    assert says in answer.content.decode()
    assert 'aria-invalid="true"' in answer.content.decode()
    assert not PartnerIdentityProvider.objects.exists()


def test_a_second_provider_for_the_same_organization_is_refused(
    acme: PartnerOrganization, discovery: Discovery
) -> None:
    issuer = discovery.serve("/acme")
    add(signed_in("ada"), acme, issuer)
    again = add(signed_in("ada"), acme, issuer)
    assert again.status_code == 400
    assert "That organization has an identity provider already" in again.content.decode()
    assert PartnerIdentityProvider.objects.count() == 1


def test_editing_keeps_a_blank_secret_and_replaces_a_new_one_audited_without_it(
    acme: PartnerOrganization, discovery: Discovery
) -> None:
    issuer = discovery.serve("/acme")
    admin = signed_in("ada")
    add(admin, acme, issuer)
    provider = PartnerIdentityProvider.objects.get()
    url = f"/accounts/partner-sign-in/{provider.pk}/"

    assert (
        admin.post(url, settings_for(issuer, client_secret="", name="Acme SSO")).status_code == 302
    )
    provider.refresh_from_db()
    assert (provider.name, provider.client_secret) == ("Acme SSO", SECRET)

    assert admin.post(url, settings_for(issuer, client_secret="a new one")).status_code == 302
    provider.refresh_from_db()
    assert provider.client_secret == "a new one"

    renamed, replaced = audit_of("partner_identity_provider_update")
    assert (renamed.before, renamed.after) == ({"name": "Acme sign-in"}, {"name": "Acme SSO"})
    assert replaced.after == {"name": "Acme sign-in", "client_secret_replaced": True}
    assert "a new one" not in json.dumps([replaced.before, replaced.after])


def test_turning_it_off_needs_no_discovery_and_its_link_answers_404(
    acme: PartnerOrganization, discovery: Discovery
) -> None:
    issuer = discovery.serve("/acme")
    admin = signed_in("ada")
    add(admin, acme, issuer)
    provider = PartnerIdentityProvider.objects.get()
    link = f"/accounts/sso/partner/{provider.link_token}/"
    assert Client().get(link).status_code == 200

    discovery.answers.clear()  # the provider is down: it can still be turned off
    off = admin.post(f"/accounts/partner-sign-in/{provider.pk}/", settings_for(issuer, enabled=""))
    assert off.status_code == 302
    provider.refresh_from_db()
    assert provider.enabled is False
    (turned_off,) = audit_of("partner_identity_provider_update")
    assert (turned_off.before, turned_off.after) == ({"enabled": True}, {"enabled": False})

    assert Client().get(link).status_code == 404
    login = f"/accounts/sso/oidc/{provider.provider_id}/login/"
    assert Client().post(login, {"process": "login"}).status_code == 404
    assert Client().get(f"{login}callback/?code=x&state=y").status_code == 404
    assert SingleSignOn().list_apps(None, provider=provider.provider_id) == []

    # turning it on again fetches the discovery document, which fails now
    on = admin.post(f"/accounts/partner-sign-in/{provider.pk}/", settings_for(issuer))
    assert on.status_code == 400
    assert "answered HTTP 404" in on.content.decode()


def test_removing_asks_first_then_removes_audited_and_its_link_answers_404(
    acme: PartnerOrganization, discovery: Discovery
) -> None:
    add(signed_in("ada"), acme, discovery.serve("/acme"))
    provider = PartnerIdentityProvider.objects.get()
    url = f"/accounts/partner-sign-in/{provider.pk}/remove/"

    confirm = signed_in("ada").get(url)
    assert confirm.status_code == 200
    assert "Remove Acme sign-in" in confirm.content.decode()
    assert PartnerIdentityProvider.objects.exists()

    assert signed_in("ada").post(url).status_code == 302
    assert not PartnerIdentityProvider.objects.exists()
    (removed,) = audit_of("partner_identity_provider_delete")
    assert (removed.entity_id, removed.before["organization"]) == (provider.pk, "Acme Robotics")
    assert Client().get(f"/accounts/sso/partner/{provider.link_token}/").status_code == 404
    assert signed_in("ada").get(f"/accounts/partner-sign-in/{provider.pk}/").status_code == 404


def test_the_link_offers_its_button_and_the_public_sign_in_page_names_no_partner(
    acme: PartnerOrganization, discovery: Discovery, settings: object
) -> None:
    issuer = discovery.serve("/acme")
    add(signed_in("ada"), acme, issuer)
    provider = PartnerIdentityProvider.objects.get()

    page = Client().get(f"/accounts/sso/partner/{provider.link_token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sign in with Acme sign-in" in html
    assert f'action="/accounts/sso/oidc/{provider.provider_id}/login/"' in html
    assert f"form-action 'self' {discovery.base}" in page["Content-Security-Policy"]
    assert Client().get("/accounts/sso/partner/not-the-token/").status_code == 404

    public = Client().get("/accounts/login/")
    for secretive in ("Acme", provider.link_token, discovery.base, "partner-"):
        assert secretive not in public.content.decode()
        assert secretive not in public["Content-Security-Policy"]


def test_allauth_finds_each_provider_by_its_id_and_only_those_turned_on(
    acme: PartnerOrganization, discovery: Discovery, settings: object
) -> None:
    add(signed_in("ada"), acme, discovery.serve("/acme"))
    provider = PartnerIdentityProvider.objects.get()
    adapter = SingleSignOn()

    (app,) = adapter.list_apps(None, provider=provider.provider_id)
    assert (app.provider, app.client_id, app.secret) == ("openid_connect", "partnerfolio", SECRET)
    assert app.settings["server_url"] == provider.issuer
    assert app.settings["hidden"] is True  # allauth's one visible openid_connect app stays ours
    assert adapter.list_apps(None, provider="partner-guessed") == []
    assert adapter.list_apps(None, provider="oidc") == []  # no PARTNERFOLIO_OIDC_ISSUER here
    assert [a.provider_id for a in adapter.list_apps(None)] == [provider.provider_id]
