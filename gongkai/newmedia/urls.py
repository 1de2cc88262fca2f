from django.urls import path

from . import views

app_name = "newmedia"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/qr", views.qr_code, name="qr"),
]
