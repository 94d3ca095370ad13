from django.urls import include, path

urlpatterns = [
    path("", include("talentbridge.core.urls")),
]
