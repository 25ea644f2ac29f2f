"""In-app notifications under /notifications/ (docs/alerts.md)."""

from django.urls import URLPattern, URLResolver, path

from partnerfolio.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notification_list, name="list"),
    path("count/", views.unread_count, name="count"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("<int:pk>/read/", views.mark_read, name="read"),
]
