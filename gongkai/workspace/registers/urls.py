"""Workspace pages: 重点领域台账."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="registers"),
]
