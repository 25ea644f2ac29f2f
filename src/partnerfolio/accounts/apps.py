from pathlib import Path

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "partnerfolio.accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from django.conf import settings
        from django.db.models.signals import post_delete
        from django_otp import device_classes

        from partnerfolio.accounts import sign_out
        from partnerfolio.audit import revision
        from partnerfolio.config.private import tighten_data_directory

        # Every process that starts (a command, the web server, the worker) makes an
        # existing data directory 0700 and its files 0600: an installation from before
        # left them readable by every user of the machine (docs/security.md).
        tighten_data_directory(Path(settings.DATA_DIR))

        # A two-factor device removed, even from a shell without an audit record, raises the
        # data revision: the API then stops trusting the tokens it found while the device
        # existed (PARTNERFOLIO_REQUIRE_2FA, `api.tokens`). Saves are not watched: every
        # code entered saves the device, and a new device only lets a token in.
        for model in device_classes():
            post_delete.connect(
                lambda **kwargs: revision.raise_on_commit(),
                sender=model,
                weak=False,
                dispatch_uid=f"revision-device-delete-{model._meta.label}",
            )

        # A sign-in through the identity provider keeps its ID token in the session, for
        # the end-session call at sign-out (docs/sso.md).
        user_logged_in.connect(sign_out.keep_id_token, weak=False, dispatch_uid="sso-keep-id-token")
