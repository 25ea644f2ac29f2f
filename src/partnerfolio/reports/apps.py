from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "partnerfolio.reports"
    label = "reports"

    def ready(self) -> None:
        from partnerfolio.reports import keeping  # noqa: F401  (registers the queue's task)
