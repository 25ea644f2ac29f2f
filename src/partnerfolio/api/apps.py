from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "partnerfolio.api"
    label = "api"
