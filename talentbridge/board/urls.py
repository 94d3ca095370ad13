from django.urls import path

from . import views

app_name = "board"

urlpatterns = [
    path("", views.home, name="home"),
    path("fppt/", views.records, name="records"),
    path("fppt/export.<str:fmt>", views.records_export, name="records-export"),
    path("fppt/<int:pk>/", views.record, name="record"),
    path("fppt/<int:pk>/attest/", views.attest, name="attest"),
    path("fppt/checks/<int:pk>/", views.check, name="check"),
    path("fppt/items/", views.items, name="items"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<str:ods_code>/<int:year>/", views.submission, name="submission"),
    path("submissions/<str:ods_code>/<int:year>/export.<str:fmt>", views.submission_export, name="submission-export"),
    path("delegates/<str:ods_code>/", views.delegates, name="delegates"),
    path("references/", views.reference_list, name="references"),
    path("references/request/", views.reference_request, name="request"),
    path("references/<int:pk>/", views.reference, name="reference"),
]
