"""URLconf of the notes app: converters decide what each view's URL arguments can hold."""

from django.urls import path, re_path

from . import views
from .reports import ReportView

urlpatterns = [
    path("notes/<int:pk>/", views.note_detail, name="note-detail"),
    path("notes/<slug:slug>/raw/", views.note_raw, name="note-raw"),
    re_path(r"^tags/(?P<tag_id>\d+)/$", views.tag, name="tag"),
    re_path(r"^authors/(?P<author>[^/]+)/$", views.author, name="author"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("reports/<int:year>/<str:fmt>/", ReportView.as_view(), name="report"),
]
