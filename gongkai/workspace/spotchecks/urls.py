"""Workspace pages: 双随机抽查."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="spotchecks"),
    path("matters/new/", views.matter, name="spotchecks-matter-new"),
    path("matters/<int:pk>/", views.matter, name="spotchecks-matter"),
    path("inspectors/new/", views.inspector, name="spotchecks-inspector-new"),
    path("inspectors/<int:pk>/", views.inspector, name="spotchecks-inspector"),
    path("entities/", views.entities, name="spotchecks-entities"),
    path("entities/new/", views.entity, name="spotchecks-entity-new"),
    path("entities/<int:pk>/", views.entity, name="spotchecks-entity"),
    path("entities/import/", views.import_entities, name="spotchecks-import"),
    path("plans/new/", views.plan_edit, name="spotchecks-plan-new"),
    path("plans/<int:pk>/", views.plan, name="spotchecks-plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="spotchecks-plan-edit"),
    path("plans/<int:pk>/conflict/", views.conflict, name="spotchecks-conflict"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="spotchecks-plan-action"),
    path("picks/<int:pk>/result/", views.result, name="spotchecks-result"),
]
