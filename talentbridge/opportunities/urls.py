from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("new/", views.opportunity_form, name="new"),
    path("hosts/", views.host_suggestions, name="hosts"),
    path("mine/", views.mine, name="mine"),
    path("preferences/", views.preferences, name="preferences"),
    path("runs/", views.run_list, name="runs"),
    path("runs/new/", views.run_new, name="run-new"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run-retry"),
    path("runs/<int:pk>/instance.zip", views.run_export, name="run-export"),
    path("proposals/<int:pk>/offer/", views.offer, name="offer"),
    path("placements/<int:pk>/", views.placement_detail, name="placement"),
    path("placements/<int:pk>/<str:action>/", views.placement_action, name="placement-action"),
    path("<int:pk>/", views.opportunity_detail, name="detail"),
    path("<int:pk>/edit/", views.opportunity_form, name="edit"),
    path("<int:pk>/interest/", views.interest, name="interest"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/<str:action>/", views.opportunity_transition, name="transition"),
]
