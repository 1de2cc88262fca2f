"""Workspace pages: 重点领域台账."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="registers"),
    path("decisions/<int:pk>/", views.decision, name="registers-decision"),
    path("powers/", views.powers, name="registers-powers"),
    path("powers/new/", views.power, name="registers-power-new"),
    path("powers/<int:pk>/", views.power, name="registers-power"),
    path("fees/", views.fees, name="registers-fees"),
    path("fees/new/", views.fee, name="registers-fee-new"),
    path("fees/<int:pk>/", views.fee, name="registers-fee"),
    path("export/<slug:slug>.<str:fmt>", views.export, name="registers-export"),
    path("budgets/new/", views.budget, name="registers-budget-new"),
    path("budgets/<int:pk>/", views.budget, name="registers-budget"),
]
