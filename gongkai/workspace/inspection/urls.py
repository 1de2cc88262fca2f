"""Workspace pages: 网站检查."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="inspection"),
    path("sites/<int:site_id>/", views.site, name="inspection-site"),
    path("sites/<int:site_id>/run/", views.run, name="inspection-run"),
    path("sites/<int:site_id>/incidents/new/", views.incident_new, name="inspection-incident-new"),
    path("incidents/<int:pk>/", views.incident, name="inspection-incident"),
    path("incidents/<int:pk>/evidence/", views.incident_evidence, name="inspection-incident-evidence"),
]
