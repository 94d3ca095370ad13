from django.urls import path

from . import setup_views
from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("new/", setup_views.programme_create, name="programme-create"),
    path("panel-users/", setup_views.panel_users, name="panel-users"),
    path("<int:pk>/cohorts/add/", setup_views.cohort_create, name="cohort-create"),
    path("cohorts/<int:pk>/panel/", setup_views.panel, name="panel"),
    path("cohorts/<int:pk>/nominate/", setup_views.nominate, name="nominate"),
    path("cohorts/<int:pk>/nominate/people/", setup_views.nominate_people, name="nominate-people"),
    path("<int:pk>/", views.programme, name="programme"),
    path("<int:pk>/funnel/", views.funnel, name="funnel"),
    path("<int:pk>/funnel/download.<str:fmt>", views.funnel_export, name="funnel-export"),
    path("cohorts/<int:pk>/", views.cohort, name="cohort"),
    path("cohorts/<int:pk>/status/", views.cohort_status, name="cohort-status"),
    path("cohorts/<int:pk>/apply/", views.apply, name="apply"),
    path("cohorts/<int:pk>/sessions/add/", views.add_session, name="add-session"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/decision/", views.decide, name="decide"),
    path("applications/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("applications/<int:pk>/feedback/", views.feedback, name="feedback"),
]
