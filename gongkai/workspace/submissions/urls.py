"""Workspace pages: 信息报送 (submissions of published items to the portal's columns)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="submissions"),
    path("new/<int:item_id>/", views.new, name="submission-new"),
    path("stats/", views.stats, name="submission-stats"),
    path("<int:pk>/", views.detail, name="submission"),
]
