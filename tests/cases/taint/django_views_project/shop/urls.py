"""URL routes of the shop app."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("health/", views.health, name="health"),
]
