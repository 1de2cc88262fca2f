from django.contrib import admin
from django.urls import include, path

from gongkai.api import api

urlpatterns = [
    path("manage/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("gongkai.site.urls")),
]
