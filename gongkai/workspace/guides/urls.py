"""Workspace pages: 办事指南."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="guides"),
    path("new/", views.edit, name="guides-new"),
    path("<int:pk>/", views.edit, name="guides-edit"),
]
