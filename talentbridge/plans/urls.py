from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("me/", views.my_plan, name="mine"),
    path("people/<int:person_pk>/", views.person_plan, name="person"),
    path("people/<int:person_pk>/actions/add/", views.add_action, name="add"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/edit/", views.edit_action, name="edit"),
    path("actions/<int:pk>/progress/", views.update_progress, name="progress"),
]
