"""The administrators' erasure page, under /people/<id>/erase/ (included at the site root)."""

from django.urls import path

from . import erasure_views

app_name = "erasure"

urlpatterns = [
    path("people/<int:pk>/erase/", erasure_views.erase, name="erase"),
]
