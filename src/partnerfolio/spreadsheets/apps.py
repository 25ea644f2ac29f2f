from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "partnerfolio.spreadsheets"
    label = "spreadsheets"

    def ready(self) -> None:
        # registers the queue's tasks
        from partnerfolio.spreadsheets import export_jobs, tasks  # noqa: F401
