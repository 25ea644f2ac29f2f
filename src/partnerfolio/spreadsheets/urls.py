from django.urls import URLPattern, URLResolver, path, re_path

from partnerfolio.spreadsheets import export_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("import/", views.import_upload, name="spreadsheet_import"),
    path("import/<int:pk>/", views.import_review, name="spreadsheet_import_review"),
    path("import/jobs/<int:pk>/", views.import_job, name="spreadsheet_import_job"),
    path(
        "import/jobs/<int:pk>/progress/",
        views.import_job_progress,
        name="spreadsheet_import_job_progress",
    ),
    path(
        "import/jobs/<int:pk>/rerun/", views.import_job_rerun, name="spreadsheet_import_job_rerun"
    ),
    re_path(
        r"^export/partnerships\.(?P<fmt>csv|xlsx|json)$",
        export_views.export_list,
        name="spreadsheet_export_list",
    ),
    re_path(
        r"^export/partnerships/(?P<pk>\d+)\.(?P<fmt>csv|xlsx|json)$",
        views.export_partnership,
        name="spreadsheet_export_partnership",
    ),
    re_path(
        r"^export/partnerships/(?P<pk>\d+)/scorecard\.(?P<fmt>csv|xlsx)$",
        views.export_scorecard,
        name="spreadsheet_export_scorecard",
    ),
    re_path(
        r"^export/portfolio\.(?P<fmt>csv|xlsx|json)$",
        export_views.export_portfolio,
        name="spreadsheet_export_portfolio",
    ),
    path("export/jobs/<int:pk>/", export_views.export_job, name="spreadsheet_export_job"),
    path(
        "export/jobs/<int:pk>/file/",
        export_views.export_job_file,
        name="spreadsheet_export_job_file",
    ),
]
