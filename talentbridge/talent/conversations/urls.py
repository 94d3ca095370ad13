"""Career conversations, LCF assessments (with the raters' e-mailed links), readiness levels
and talent search."""

from django.urls import path

from talentbridge.talent.conversations import assessment_views
from talentbridge.talent.conversations import views as conversation_views
from talentbridge.talent.search import views as search_views

urlpatterns = [
    path("", conversation_views.home, name="home"),
    path("me/", conversation_views.my_talent, name="my-talent"),
    path("people/<int:person_pk>/", conversation_views.person_talent, name="person-talent"),
    path("people/<int:person_pk>/conversations/new/", conversation_views.conversation_new, name="conversation-new"),
    path("conversations/<int:pk>/", conversation_views.conversation_detail, name="conversation"),
    path("conversations/<int:pk>/record/", conversation_views.conversation_record, name="conversation-record"),
    path("conversations/<int:pk>/reflection/", conversation_views.conversation_reflection, name="conversation-reflection"),
    path("readiness/", conversation_views.readiness_levels, name="readiness-levels"),
    path("readiness/new/", conversation_views.readiness_edit, name="readiness-new"),
    path("readiness/<int:pk>/", conversation_views.readiness_edit, name="readiness-edit"),
    path("people/<int:person_pk>/assessments/new/", assessment_views.assessment_new, name="assessment-new"),
    path("assessments/<int:pk>/", assessment_views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/invite/", assessment_views.assessment_invite, name="assessment-invite"),
    path("assessments/<int:pk>/rate/<slug:kind>/", assessment_views.assessment_rate, name="assessment-rate"),
    path("assessments/<int:pk>/remind/", assessment_views.assessment_remind, name="assessment-remind"),
    path("assessments/<int:pk>/invitations/<int:invitation_pk>/approval/", assessment_views.assessment_approve, name="assessment-approve"),
    path("assessments/<int:pk>/close/", assessment_views.assessment_close, name="assessment-close"),
    path("rate/<str:token>/", assessment_views.rater, name="rater"),
    path("search/", search_views.search, name="search"),
]
