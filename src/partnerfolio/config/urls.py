"""URL routes of the web application."""

from django.urls import URLPattern, URLResolver, include, path

from partnerfolio.metrics import pages as metric_pages
from partnerfolio.operations import health
from partnerfolio.partners import pages as partner_pages
from partnerfolio.partnerships import (
    creation,
    deletion_pages,
    page_actions,
    partners_page,
    people_page,
    record_views,
    team_page,
    type_pages,
)
from partnerfolio.partnerships import views as partnerships
from partnerfolio.web import history
from partnerfolio.web import views as web

urlpatterns: list[URLPattern | URLResolver] = [
    path("", web.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("advisor/", web.advisor, name="advisor"),
    path("partnerships/", partnerships.partnership_list, name="partnership_list"),
    path("partnerships/new/", creation.partnership_new, name="partnership_new"),
    path("partnerships/<int:pk>/", partnerships.partnership_detail, name="partnership_detail"),
    path(
        "partnerships/<int:pk>/evidence/<str:section>/",
        page_actions.evidence_add,
        name="evidence_add",
    ),
    path(
        "partnerships/<int:pk>/observations/",
        page_actions.observation_add,
        name="observation_add",
    ),
    path("partnerships/<int:pk>/records/<str:section>/", record_views.records, name="records"),
    path(
        "partnerships/<int:pk>/records/<str:section>/<int:item>/",
        record_views.record_edit,
        name="record_edit",
    ),
    path(
        "partnerships/<int:pk>/records/<str:section>/<int:item>/remove/",
        record_views.record_remove,
        name="record_remove",
    ),
    path(
        "partnerships/<int:pk>/partners/",
        partners_page.partnership_partners,
        name="partnership_partners",
    ),
    path("partnerships/<int:pk>/metrics/", metric_pages.metrics, name="metrics"),
    path(
        "partnerships/<int:pk>/metrics/<int:metric>/",
        metric_pages.metric_edit,
        name="metric_edit",
    ),
    path(
        "partnerships/<int:pk>/metrics/<int:metric>/remove/",
        metric_pages.metric_remove,
        name="metric_remove",
    ),
    path(
        "partnerships/<int:pk>/metrics/<int:metric>/values/",
        metric_pages.metric_values,
        name="metric_values",
    ),
    path(
        "partnerships/<int:pk>/metrics/<int:metric>/values/<int:value>/",
        metric_pages.value_correct,
        name="value_correct",
    ),
    path(
        "partnerships/<int:pk>/metrics/<int:metric>/values/<int:value>/remove/",
        metric_pages.value_remove,
        name="value_remove",
    ),
    path("partnerships/<int:pk>/history/", history.partnership_history, name="partnership_history"),
    path("history/", history.site_history, name="site_history"),
    path("partnerships/<int:pk>/stage/", page_actions.stage_change, name="stage_change"),
    path("partnerships/<int:pk>/edit/", partnerships.partnership_edit, name="partnership_edit"),
    path("partnerships/<int:pk>/team/", team_page.partnership_team, name="partnership_team"),
    path(
        "partnerships/<int:pk>/delete/",
        deletion_pages.partnership_delete,
        name="partnership_delete",
    ),
    path("partnerships/deleted/", deletion_pages.deleted_partnerships, name="deleted_partnerships"),
    path(
        "partnerships/deleted/<int:deletion>/restore/",
        deletion_pages.partnership_restore,
        name="partnership_restore",
    ),
    path(
        "partnerships/<int:pk>/commitments/<int:commitment>/delivered/",
        page_actions.commitment_delivered,
        name="commitment_delivered",
    ),
    path("partnerships/<int:pk>/promote/", type_pages.promote, name="promote"),
    path("partnerships/<int:pk>/type/", type_pages.type_change, name="type_change"),
    path(
        "partnerships/<int:pk>/people/", people_page.partnership_people, name="partnership_people"
    ),
    path("partners/", partner_pages.organization_list, name="organization_list"),
    path("partners/new/", partner_pages.organization_new, name="organization_new"),
    path("partners/<int:pk>/", partner_pages.organization_detail, name="organization_detail"),
    path("partners/<int:pk>/edit/", partner_pages.organization_edit, name="organization_edit"),
    path("accounts/", include("partnerfolio.accounts.urls")),
    path("api/v1/", include("partnerfolio.api.urls")),
    path("portal/", include("partnerfolio.portal.urls")),
    path("spreadsheets/", include("partnerfolio.spreadsheets.urls")),
    path("reports/", include("partnerfolio.reports.urls")),
    path("notifications/", include("partnerfolio.notifications.urls")),
]
