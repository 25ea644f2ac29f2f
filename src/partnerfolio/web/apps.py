from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "partnerfolio.web"
    label = "web"
