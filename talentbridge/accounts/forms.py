"""Sign-in and API token forms."""

from __future__ import annotations

from django import forms

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
