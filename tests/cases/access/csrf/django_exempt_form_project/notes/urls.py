from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from notes import views

urlpatterns = [
    path("", views.note_list, name="note_list"),
    path("<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("quick/", views.quick_note, name="quick_note"),
    path("share/", views.share_note, name="share_note"),
    # exempted where it is routed, so nothing on the view says so: the form that posts to it is the finding
    path("import/", csrf_exempt(views.import_notes), name="import_notes"),
]
