from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "partnerfolio.spreadsheets"
    label = "spreadsheets"

    def ready(self) -> None:
        from partnerfolio.spreadsheets import tasks  # noqa: F401  (registers the queue's task)
