"""Workspace pages: 内容巡查."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="scans"),
    path("findings/<int:pk>/", views.finding, name="scans-finding"),
    path("findings/<int:pk>/fix/", views.fix, name="scans-fix"),
    path("run/", views.run, name="scans-run"),
    path("leaders/", views.leaders, name="scans-leaders"),
    path("leaders/new/", views.leader, name="scans-leader-new"),
    path("leaders/<int:pk>/", views.leader, name="scans-leader"),
]
