"""URL routes; the web application's pages arrive with the web issue."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
