from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_id>/<int:year>/", views.report, name="report"),
    path("<int:unit_id>/<int:year>/report.<str:fmt>", views.download, name="download"),
]
