from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("offer/", views.offer, name="offer"),
    path("requests/new/", views.new_request, name="request-new"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="request-withdraw"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("relationships/", views.relationships, name="relationships"),
    path("relationships/<int:pk>/", views.relationship, name="relationship"),
    path("relationships/<int:pk>/goals/", views.add_goal, name="goal-add"),
    path("relationships/<int:pk>/goals/status/", views.goal_status, name="goal-status"),
    path("relationships/<int:pk>/meetings/", views.add_meeting, name="meeting-add"),
    path("relationships/<int:pk>/end/", views.end, name="end"),
    path("relationships/<int:pk>/review/", views.review, name="review"),
    path("matching/", views.manage, name="manage"),
    path("matching/runs/<int:pk>/", views.run, name="run"),
    path("matching/runs/<int:pk>/confirm/", views.confirm, name="confirm"),
]
