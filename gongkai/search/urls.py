from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="index"),
    path("go/", views.go, name="go"),
    path("suggest/", views.suggest, name="suggest"),
]
