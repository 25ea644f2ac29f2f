from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "partnerfolio.reports"
    label = "reports"
