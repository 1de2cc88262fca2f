"""Workspace pages: 督办考核."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="supervision"),
]
