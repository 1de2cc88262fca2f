"""Workspace pages: 意见征集."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="participation"),
]
