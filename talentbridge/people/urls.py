from django.urls import path

from . import account_views
from . import pickers
from . import views

app_name = "people"

urlpatterns = [
    path("", views.search, name="search"),
    path("me/", views.me, name="me"),
    path("suggestions/", pickers.people_search_json, name="suggestions"),
    path("me/characteristics/", views.my_characteristics, name="characteristics"),
    path("me/career/add/", views.career_add, name="career-add"),
    path("me/career/<int:entry_id>/remove/", views.career_remove, name="career-remove"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/account/", account_views.account, name="account"),
    path("<int:pk>/account/invite/", account_views.invite, name="invite"),
    path("<int:pk>/reset-visibility/", views.reset_visibility, name="reset-visibility"),
    path("<int:pk>/moves/new/", views.move_new, name="move-new"),
    path("<int:pk>/moves/<int:move_id>/cancel/", views.move_cancel, name="move-cancel"),
    path("<int:pk>/characteristics/", views.admin_characteristics, name="admin-characteristics"),
]
