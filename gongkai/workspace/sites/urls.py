"""Workspace pages: 网站首页 (a site's home-page blocks, arranged by its openness office)."""

from django.urls import path

from . import views

urlpatterns = [
    path("blocks/", views.blocks_page, name="site-blocks"),
    path("blocks/start/", views.start, name="site-blocks-start"),
    path("blocks/add/", views.add, name="site-block-add"),
    path("blocks/<int:pk>/", views.edit, name="site-block-edit"),
    path("blocks/<int:pk>/move/", views.move, name="site-block-move"),
    path("blocks/<int:pk>/visibility/", views.visibility, name="site-block-visibility"),
    path("blocks/<int:pk>/delete/", views.delete, name="site-block-delete"),
]
