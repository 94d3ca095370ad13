from django.urls import path

from . import lesson_views
from . import views

app_name = "learning"

urlpatterns = [
    path("", views.home, name="home"),
    path("entries/new/", views.new_entry, name="new"),
    path("entries/new-learning-review/", views.new_review, name="new-review"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("entries/<int:pk>/edit/", views.edit_entry, name="edit"),
    path("entries/<int:pk>/share/", views.share, name="share"),
    path("entries/<int:pk>/shares/<int:share_id>/revoke/", views.revoke, name="revoke"),
    path("entries/<int:pk>/delete/", views.delete, name="delete"),
    path("shared-with-me/", views.shared_with_me, name="shared"),
    path("lessons/", lesson_views.library, name="lessons"),
    path("lessons/new/", lesson_views.write, name="lesson-new"),
    path("lessons/reported/", lesson_views.reported, name="lessons-reported"),
    path("lessons/<uuid:lesson_id>/", lesson_views.lesson, name="lesson"),
    path("lessons/<uuid:lesson_id>/report/", lesson_views.report, name="lesson-report"),
    path("lessons/<uuid:lesson_id>/remove/", lesson_views.remove, name="lesson-remove"),
]
