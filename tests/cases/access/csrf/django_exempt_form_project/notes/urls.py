from django.urls import path

from notes import views

urlpatterns = [
    path("", views.note_list, name="note_list"),
    path("<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("quick/", views.quick_note, name="quick_note"),
    path("share/", views.share_note, name="share_note"),
]
