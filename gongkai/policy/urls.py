from django.urls import path

from . import views

app_name = "policy"

urlpatterns = [
    path("", views.index, name="index"),
    path("register/", views.register_index, name="register"),
    path("register/<int:pk>/", views.register_entry, name="register-entry"),
    path("issuers/", views.issuers, name="issuers"),
    path("cleanups/", views.cleanups, name="cleanups"),
    path("cleanups/<int:pk>/", views.cleanup, name="cleanup"),
]
