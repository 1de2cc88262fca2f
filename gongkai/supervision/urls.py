from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/progress.xlsx", views.plan_xlsx, name="plan-xlsx"),
]
