from django.urls import path

from . import views

app_name = "spotchecks"

urlpatterns = [
    path("", views.index, name="index"),
]
