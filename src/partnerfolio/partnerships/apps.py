from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerfolio.partnerships"
    verbose_name = "Partnerships"
    default_auto_field = "django.db.models.BigAutoField"
