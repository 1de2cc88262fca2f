from django.urls import path

from . import feeds, views

app_name = "registers"

urlpatterns = [
    path("", views.index, name="index"),
    path("powers/", views.powers, name="powers"),
    path("powers/feed/", feeds.PowerChangeFeed(), name="powers-feed"),
    path("powers/export.<str:fmt>", views.powers_export, name="powers-export"),
    path("powers/<int:pk>/", views.power, name="power"),
    path("fees/", views.fees, name="fees"),
    path("fees/<int:pk>/", views.fee, name="fee"),
    path("budgets/", views.budgets, name="budgets"),
    path("budgets/<int:pk>/", views.budget, name="budget"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("<slug:slug>/", views.decisions, name="decisions"),
    path("<slug:slug>/feed/", feeds.DecisionFeed(), name="decisions-feed"),
    path("<slug:slug>/export.<str:fmt>", views.decisions_export, name="decisions-export"),
]
