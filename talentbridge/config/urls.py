from django.urls import include
from django.urls import path

from .api import api

urlpatterns = [
    path("", include("talentbridge.core.urls")),
    path("accounts/", include("talentbridge.accounts.urls")),
    path("people/", include("talentbridge.people.urls")),
    path("organisations/", include("talentbridge.organisations.urls")),
    path("audit/", include("talentbridge.audit.urls")),
    path("talent/", include("talentbridge.talent.urls")),
    path("opportunities/", include("talentbridge.opportunities.urls")),
    path("insights/", include("talentbridge.insights.urls")),
    path("staff-record/", include("talentbridge.staff_record.urls")),
    path("succession/", include("talentbridge.succession.urls")),
    path("programmes/", include("talentbridge.programmes.urls")),
    path("my-data/", include("talentbridge.data_rights.urls")),
    path("", include("talentbridge.data_rights.erasure_urls")),
    path("notifications/", include("talentbridge.notifications.urls")),
    path("board/", include("talentbridge.board.urls")),
    path("learning/", include("talentbridge.learning.urls")),
    path("mentoring/", include("talentbridge.mentoring.urls")),
    path("plans/", include("talentbridge.plans.urls")),
    path("tenure/", include("talentbridge.tenure.urls")),
    path("support/", include("talentbridge.support.urls")),
    path("api/v1/", api.urls),
]

handler403 = "talentbridge.core.views.permission_denied"
handler404 = "talentbridge.core.views.page_not_found"
handler500 = "talentbridge.core.views.server_error"
