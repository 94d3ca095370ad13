"""URLconf for core tests: the core pages plus a sample form page."""

from django.urls import include
from django.urls import path

from talentbridge.core.tests import views

urlpatterns = [
    path("", include("talentbridge.core.urls")),
    path("sample-form/", views.sample_form, name="sample-form"),
    path("boom/", views.boom),
]

handler403 = "talentbridge.core.views.permission_denied"
handler404 = "talentbridge.core.views.page_not_found"
handler500 = "talentbridge.core.views.server_error"
