"""Workspace pages: 重点领域台账."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="registers"),
    path("decisions/<int:pk>/", views.decision, name="registers-decision"),
    path("budgets/new/", views.budget, name="registers-budget-new"),
    path("budgets/<int:pk>/", views.budget, name="registers-budget"),
]
