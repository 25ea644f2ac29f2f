"""Signing in and out, the account page, two-factor authentication, invitations, people."""

from django.urls import URLPattern, URLResolver, path

from partnerfolio.accounts import oidc, people_views, saml, sign_out, views
from partnerfolio.accounts import partner_providers_views as partner_providers

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.account, name="account"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    # Single sign-on (docs/sso.md): allauth's two views of its OpenID Connect provider, under
    # the names allauth reverses; the provider registers .../login/callback/.
    path("sso/oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path(
        "sso/oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
    # and allauth's SAML views we use, under the names allauth reverses: the button, the
    # assertion consumer service and its second step, our metadata (no single logout: 404).
    path("sso/saml/<str:organization_slug>/login/", saml.login, name="saml_login"),
    path("sso/saml/<str:organization_slug>/acs/", saml.acs, name="saml_acs"),
    path("sso/saml/<str:organization_slug>/acs/finish/", saml.finish_acs, name="saml_finish_acs"),
    path("sso/saml/<str:organization_slug>/metadata/", saml.metadata, name="saml_metadata"),
    path("sso/saml/<str:organization_slug>/sls/", saml.single_logout, name="saml_sls"),
    path("logout/", sign_out.SignOutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("invite/", people_views.invite, name="invite"),
    path("invitations/<str:token>/", people_views.invitation_accept, name="invitation_accept"),
    path("people/", people_views.people, name="people"),
    path("people/<int:pk>/role/", people_views.person_role, name="person_role"),
    path(
        "people/<int:pk>/two-factor/reset/",
        people_views.person_two_factor_reset,
        name="person_two_factor_reset",
    ),
    # Partner organizations' identity providers (docs/sso.md): administrators' pages, and
    # the sign-in link sent to the partner
    path("partner-sign-in/", partner_providers.provider_list, name="partner_providers"),
    path("partner-sign-in/new/", partner_providers.provider_new, name="partner_provider_new"),
    path(
        "partner-sign-in/<int:pk>/", partner_providers.provider_edit, name="partner_provider_edit"
    ),
    path(
        "partner-sign-in/<int:pk>/remove/",
        partner_providers.provider_remove,
        name="partner_provider_remove",
    ),
    path("sso/partner/<str:token>/", partner_providers.partner_sign_in, name="partner_sign_in"),
]
