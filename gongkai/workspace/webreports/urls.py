"""Workspace pages: 网站年度报表."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="webreports"),
    path("<int:site_id>/<int:year>/", views.report, name="webreports-report"),
    path("<int:site_id>/<int:year>/<str:action>/", views.move, name="webreports-move"),
    path("<int:site_id>/checks/new/", views.add_check, name="webreports-check-new"),
    path("checks/<int:pk>/delete/", views.delete_check, name="webreports-check-delete"),
]
