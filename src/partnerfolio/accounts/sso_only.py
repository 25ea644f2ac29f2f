"""SSO-only mode (PARTNERFOLIO_SSO_ONLY, docs/sso.md): passwords are turned off for everyone
but the break-glass administrators named in PARTNERFOLIO_SSO_BREAK_GLASS.

A password sign-in for any other username is refused in the sign-in form's `clean()`,
before `authenticate()` is called: the answer is the same whether the username exists and
whether the password is right (the password is never checked), and django-axes, which
counts only what `authenticate()` sees, records nothing for it. A listed name whose
account is not an active administrator is refused the same way, also before its password
is checked. Break-glass administrators sign in as before: their password, django-axes'
throttling, and their authenticator's code when they have one.

API tokens are not passwords: they keep working.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from partnerfolio.accounts import sso
from partnerfolio.accounts.access import is_admin

log = logging.getLogger("partnerfolio.security")

REFUSED = "sso_only"  # the form error's code


def passwords_off() -> bool:
    return settings.PARTNERFOLIO_SSO_ONLY


def refusal() -> str:
    """What the person reads, in plain words."""
    return f"Sign in with {sso.provider_names()}: passwords are turned off on this site"


def is_break_glass(user: Any) -> bool:
    """A named break-glass account that is an active administrator."""
    return (
        getattr(user, "is_authenticated", False)
        and user.get_username() in settings.PARTNERFOLIO_SSO_BREAK_GLASS
        and is_admin(user)
    )


def may_use_password(user: Any) -> bool:
    """Whether this account signs in with, and changes, a password of ours."""
    return not passwords_off() or is_break_glass(user)


def _break_glass_named(username: str) -> bool:
    """Whether the username typed is a break-glass administrator's, found as the
    authentication backend would find it. No password is looked at."""
    if username not in settings.PARTNERFOLIO_SSO_BREAK_GLASS:
        return False  # most names: no query at all
    model = get_user_model()
    try:
        user = model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        return False
    return is_break_glass(user)


class SignInForm(AuthenticationForm):
    """Django's sign-in form; in SSO-only mode, refused before authentication for every
    username but a break-glass administrator's."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if passwords_off() and not _break_glass_named(username):
            log.warning(
                "password sign-in refused: SSO-only mode, %r is no break-glass administrator",
                username[:150],
            )
            raise ValidationError(refusal(), code=REFUSED)
        return super().clean()


def refused(form: AuthenticationForm) -> bool:
    return form.has_error("__all__", REFUSED)
