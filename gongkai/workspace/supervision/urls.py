"""Workspace pages: 督办考核 (work-point progress reports and the annual report)."""

from django.urls import path

from . import annual, views

urlpatterns = [
    path("", views.index, name="supervision"),
    path("reports/", views.reports, name="supervision-reports"),
    path("reports/<int:pk>/", views.report, name="supervision-report"),
    path("assignments/<int:pk>/report/", views.write, name="supervision-write"),
    path("attachments/<int:pk>/", views.attachment, name="supervision-attachment"),
    path("annual/<int:unit_id>/<int:year>/", annual.annual, name="supervision-annual"),
    path("annual/<int:unit_id>/<int:year>/edit/", annual.annual_edit, name="supervision-annual-edit"),
    path(
        "annual/<int:unit_id>/<int:year>/preview/", annual.annual_preview, name="supervision-annual-preview"
    ),
]
