from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("wres/", views.wres, name="wres"),
    path("progression/", views.progression, name="progression"),
    path("projection/", views.projection, name="projection"),
    path("export/<slug:table>.<str:fmt>", views.export, name="export"),
    path("imports/", views.imports, name="imports"),
    path("imports/snapshot/", views.import_snapshot, name="import-snapshot"),
    path("imports/events/", views.import_events, name="import-events"),
    path("imports/snapshot/<int:pk>/", views.snapshot_status, name="snapshot"),
    path("imports/snapshot/<int:pk>/rejected-rows.csv", views.snapshot_errors, name="snapshot-errors"),
    path("imports/snapshot/<int:pk>/delete/", views.snapshot_delete, name="snapshot-delete"),
    path("imports/snapshot/<int:pk>/retry/", views.snapshot_retry, name="snapshot-retry"),
    path("imports/events/<int:pk>/", views.events_status, name="events"),
    path("imports/events/<int:pk>/rejected-rows.csv", views.events_errors, name="events-errors"),
    path("imports/events/<int:pk>/delete/", views.events_delete, name="events-delete"),
    path("imports/events/<int:pk>/retry/", views.events_retry, name="events-retry"),
]
