"""Workspace pages: 政民互动."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="messages"),
]
