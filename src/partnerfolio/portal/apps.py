from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "partnerfolio.portal"
    label = "portal"
