from django.urls import path

from . import views

urlpatterns = [
    path("projects/", views.my_projects),
    path("documents/<int:document_id>/", views.download),
    path("notices/<int:notice_id>/", views.notice),
]
