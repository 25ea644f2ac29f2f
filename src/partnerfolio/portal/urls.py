"""The partner portal under /portal/ (docs/portal.md)."""

from django.urls import URLPattern, URLResolver, path

from partnerfolio.portal import views

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("partnerships/<int:pk>/", views.partnership, name="partnership"),
    path(
        "partnerships/<int:pk>/metrics/<int:metric>/share/",
        views.metric_share,
        name="metric_share",
    ),
    path("rounds/new/<int:partnership_id>/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/answer/", views.round_answer, name="round_answer"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("organizations/<int:pk>/people/", views.people, name="people"),
]
