"""Sign-in, password and API token forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm

from talentbridge.core.forms import NHSFormMixin
from talentbridge.people.forms import TalentBridgeForm

from .services import TOKEN_NAME_MAX_LENGTH


class SignInForm(TalentBridgeForm):
    username = forms.CharField(
        label="Username", max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false",
                                      "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Password", max_length=4096, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class IssueTokenForm(TalentBridgeForm):
    username = forms.CharField(
        label="Username of the person the token is for", max_length=150,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none"}),
    )
    name = forms.CharField(
        label="Token name", max_length=TOKEN_NAME_MAX_LENGTH,
        help_text="What the token is for, so that you can recognise it later, for example "
                  "\"Workforce import from ESR\"",
    )


class ChangePasswordForm(NHSFormMixin, PasswordChangeForm):
    """Django's form (current password, new password twice, the password validators)."""


class ForgottenPasswordForm(TalentBridgeForm):
    email = forms.EmailField(
        label="Your work e-mail address", max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class NewPasswordForm(NHSFormMixin, SetPasswordForm):
    """Django's form for the new password, refused where password sign-in is off."""

    def clean(self):
        from .passwords import password_sign_in_allowed, use_single_sign_on_message

        if not password_sign_in_allowed(self.user):
            raise forms.ValidationError(use_single_sign_on_message())
        return super().clean()
