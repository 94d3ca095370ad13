from django.urls import path

from . import pickers
from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("systems/", views.system_list, name="systems"),
    path("suggestions/", pickers.organisation_suggestions, name="suggestions"),
    path("systems/<str:code>/", views.system_detail, name="system"),
    path("<str:ods_code>/", views.organisation_detail, name="detail"),
    path("<str:ods_code>/kind/", views.organisation_kind, name="kind"),
]
