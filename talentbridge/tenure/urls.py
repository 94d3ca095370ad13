from django.urls import path

from . import views

app_name = "tenure"

urlpatterns = [
    path("", views.home, name="home"),
    path("turnover/", views.turnover, name="turnover"),
    path("segments/", views.against_segment, name="segments"),
    path("segments/import/", views.import_segments, name="import"),
    path("reasons/", views.reasons, name="reasons"),
    path("organisations/<str:ods>/", views.organisation, name="organisation"),
    path("organisations/<str:ods>/download.<str:fmt>", views.export_holdings, name="holdings-export"),
    path("holdings/<int:pk>/exit/", views.record_exit, name="exit"),
    path("<str:what>/download.<str:fmt>", views.export_figures, name="figures-export"),
]
