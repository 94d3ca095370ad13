from django.urls import path

from . import views

app_name = "staff_record"

urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("example.csv", views.example, name="example"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/retry/", views.retry, name="retry"),
    path("organisations/<str:ods_code>/missing/", views.missing, name="missing"),
    path("organisations/<str:ods_code>/missing/<int:person_id>/", views.answer, name="missing-answer"),
]
