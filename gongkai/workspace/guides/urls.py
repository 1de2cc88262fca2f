"""Workspace pages: 办事指南."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="guides"),
]
