from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "partnerfolio.spreadsheets"
    label = "spreadsheets"
