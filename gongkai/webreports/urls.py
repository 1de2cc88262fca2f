from django.urls import path

from . import views

app_name = "webreports"

urlpatterns = [
    path("", views.index, name="index"),
]
