"""Sign-in, password and API token forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.forms import SetPasswordForm

from talentbridge.core.forms import NHSFormMixin
from talentbridge.core.forms import TalentBridgeForm

from .codes import TokenScope
from .models import Role
from .models import ScopeLevel
from .passwords import password_sign_in_allowed
from .passwords import use_single_sign_on_message
from .policy import Scope
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
    """A token for the signed-in user only: there is no field for whose it is."""

    name = forms.CharField(
        label="Token name", max_length=TOKEN_NAME_MAX_LENGTH,
        help_text="What the token is for, so that you can recognise it later, for example "
                  "\"Workforce import from ESR\"",
    )
    scopes = forms.MultipleChoiceField(
        label="What the token may do", choices=TokenScope.choices, initial=["read"],
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose only what the program needs",
    )
    days = forms.IntegerField(
        label="Days until it expires", min_value=1, initial=settings.TALENTBRIDGE_TOKEN_DAYS,
        max_value=settings.TALENTBRIDGE_TOKEN_MAX_DAYS,
        help_text=f"{settings.TALENTBRIDGE_TOKEN_DAYS} days unless you change it; at most "
                  f"{settings.TALENTBRIDGE_TOKEN_MAX_DAYS}",
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
        if not password_sign_in_allowed(self.user):
            raise forms.ValidationError(use_single_sign_on_message())
        return super().clean()


class UserSearchForm(TalentBridgeForm):
    text = forms.CharField(label="Name, username or e-mail", max_length=150, required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[
        ("", "Any"), ("invited", "Invited"), ("active", "Active"),
        ("deactivated", "Deactivated")])


class RoleFilterForm(TalentBridgeForm):
    role = forms.ChoiceField(label="Role", required=False,
                             choices=[("", "Any role"), *Role.choices])
    scope_level = forms.ChoiceField(label="Scope", required=False,
                                    choices=[("", "Any scope"), *ScopeLevel.choices])


class AssignRoleForm(TalentBridgeForm):
    """A role and a scope, limited to what the signed-in user may give."""

    role = forms.ChoiceField(label="Role")
    scope = forms.ChoiceField(label="Where the role is held")

    def __init__(self, roles: list[str], scopes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["scope"].choices = [(s.value, s.label) for s in scopes]

    def scope_value(self) -> Scope:
        level, _, pk = self.cleaned_data["scope"].partition(":")
        return Scope(level, int(pk) if pk else None)


class ReasonForm(TalentBridgeForm):
    reason = forms.CharField(label="Reason", max_length=500, widget=forms.Textarea(
        attrs={"rows": 2}), help_text="Recorded in the audit trail")
