from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "partnerfolio.web"
    label = "web"

    def ready(self) -> None:
        from django.core.cache import cache

        from partnerfolio import charts

        # Rendered charts through the cache (Redis, shared by every server, when configured),
        # behind each process's own (partnerfolio.charts.render).
        charts.use_store(cache)
