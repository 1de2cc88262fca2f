"""Workspace pages: 网站检查."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="inspection"),
]
