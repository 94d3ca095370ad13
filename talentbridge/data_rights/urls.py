from django.urls import path

from . import views

app_name = "data_rights"

urlpatterns = [
    path("", views.home, name="home"),
    path("download/", views.download, name="download"),
    path("views/", views.views, name="views"),
    path("corrections/", views.my_corrections, name="corrections"),
    path("corrections/queue/", views.queue, name="queue"),
    path("corrections/<int:pk>/", views.correction, name="correction"),
]
