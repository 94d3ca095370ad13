from django.urls import path

from . import password_views, sso, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password/", password_views.change_password, name="change-password"),
    path("password/forgotten/", password_views.forgotten_password, name="forgotten-password"),
    path("password/reset/<uidb64>/<token>/", password_views.ChooseNewPassword.as_view(),
         name="password-reset-confirm"),
    path("sso/start/", sso.StartSignIn.as_view(), name="sso-start"),
    path("sso/finish/", sso.FinishSignIn.as_view(), name="sso-finish"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/issue/", views.token_issue, name="token-issue"),
    path("tokens/<str:prefix>/revoke/", views.token_revoke, name="token-revoke"),
]
