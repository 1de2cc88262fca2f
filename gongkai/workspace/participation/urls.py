"""Workspace pages: 意见征集 (consultations, their comments to group and the adoption feedback)."""

from django.urls import path

from . import consultations as consultation_views
from . import proposals as proposal_views
from . import stakeholders as inv
from . import views

urlpatterns = [
    path("", views.index, name="participation"),
    path("new/", consultation_views.new, name="participation-consultation-new"),
    path("<int:pk>/edit/", consultation_views.edit, name="participation-consultation-edit"),
    path("kinds/", consultation_views.kinds, name="participation-kinds"),
    path("<int:pk>/comments/", views.comments, name="participation-comments"),
    path("<int:pk>/groups/<int:group_id>/", views.group, name="participation-group"),
    path("stakeholders/", inv.index, name="participation-stakeholders"),
    path("stakeholders/new/", inv.edit, name="participation-stakeholder-add"),
    path("stakeholders/import/", inv.import_table, name="participation-stakeholder-import"),
    path("stakeholders/<int:pk>/", inv.edit, name="participation-stakeholder"),
    path("<int:pk>/invitations/", inv.consultation_invitations, name="participation-invitations"),
    path("<int:pk>/invitations/<int:invitation_id>/letter/", inv.letter, name="participation-letter"),
    path("proposals/", proposal_views.index, name="participation-proposals"),
    path("proposals/new/", proposal_views.assign, name="participation-proposal-assign"),
    path("proposals/statistics/", proposal_views.statistics, name="participation-proposal-statistics"),
    path("proposals/<int:pk>/", proposal_views.detail, name="participation-proposal"),
]
