from django.urls import path

from . import views

app_name = "webreports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.report, name="report"),
    path("<int:year>/report.<str:fmt>", views.download, name="download"),
]
