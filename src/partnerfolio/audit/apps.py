from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "partnerfolio.audit"
    verbose_name = "Audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth import get_user_model

        from partnerfolio.audit import revision

        user = get_user_model()
        revision.watch(
            user,
            apps.get_model("api", "ApiToken"),
            apps.get_model("partnerships", "Partnership"),
            apps.get_model("partnerships", "PartnershipPartner"),
            apps.get_model("partnerships", "TeamMember"),
            apps.get_model("partners", "PartnerOrganization"),
            unwatched={user: {"last_login"}},
        )
