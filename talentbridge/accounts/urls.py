from django.urls import path

from . import admin_views
from . import invitation_views
from . import password_views
from . import sso
from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password/", password_views.change_password, name="change-password"),
    path("password/forgotten/", password_views.forgotten_password, name="forgotten-password"),
    path("password/reset/<uidb64>/<token>/", password_views.ChooseNewPassword.as_view(), name="password-reset-confirm"),
    path("sso/start/", sso.StartSignIn.as_view(), name="sso-start"),
    path("sso/finish/", sso.FinishSignIn.as_view(), name="sso-finish"),
    path("invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    path("users/", admin_views.user_list, name="users"),
    path("users/<int:pk>/", admin_views.user_detail, name="user"),
    path("users/<int:pk>/roles/", admin_views.assign_role, name="assign-role"),
    path("users/<int:pk>/deactivate/", admin_views.deactivate, name="deactivate"),
    path("users/<int:pk>/reactivate/", admin_views.reactivate, name="reactivate"),
    path("users/<int:pk>/invitation/", admin_views.resend_invitation, name="resend-invitation"),
    path("roles/", admin_views.role_list, name="roles"),
    path("roles/<int:pk>/end/", admin_views.end_role, name="end-role"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/issue/", views.token_issue, name="token-issue"),
    path("tokens/<str:prefix>/revoke/", views.token_revoke, name="token-revoke"),
]
