from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "partnerfolio.notifications"
    label = "notifications"
