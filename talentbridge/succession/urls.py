from django.urls import path

from . import views

app_name = "succession"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/<str:ods>/", views.chart, name="chart"),
    path("organisations/<str:ods>/download.<str:fmt>", views.export_chart, name="chart-export"),
    path("systems/<str:code>/", views.system_map, name="map"),
    path("systems/<str:code>/download.<str:fmt>", views.export_map, name="map-export"),
    path("bench-strength/", views.bench_strength, name="bench"),
    path("posts/<int:pk>/successors/add/", views.add_successor, name="add-successor"),
    path("posts/<int:pk>/successors/<int:person_id>/remove/", views.remove_successor, name="remove-successor"),
    path("posts/<int:pk>/risk/", views.set_risk, name="risk"),
    path("posts/<int:pk>/edit/", views.edit_post, name="edit-post"),
    path("posts/<int:pk>/holder/", views.change_holder, name="holder"),
    path("posts/<int:pk>/holder/people/", views.holder_people, name="holder-people"),
]
