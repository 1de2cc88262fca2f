"""Workspace pages: 意见征集 (consultations, their comments to group and the adoption feedback)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="participation"),
    path("<int:pk>/comments/", views.comments, name="participation-comments"),
    path("<int:pk>/groups/<int:group_id>/", views.group, name="participation-group"),
]
