from django.urls import URLPattern, URLResolver, path

from partnerfolio.reports import views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("partnerships/<int:pk>/", views.partnership_report, name="partnership"),
    path("partnerships/<int:pk>/pdf/", views.partnership_report_pdf, name="partnership_pdf"),
    path("portfolio/", views.portfolio_report, name="portfolio"),
    path("portfolio/pdf/", views.portfolio_report_pdf, name="portfolio_pdf"),
]
