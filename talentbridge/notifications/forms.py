"""The e-mail settings form: one checkbox per kind a user may switch off."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSForm

from .kinds import switchable


class EmailChoicesForm(NHSForm):
    by_email = forms.MultipleChoiceField(
        label="Notifications you get by e-mail",
        help_text=("Everything is always in your notifications list. Invitations and requests "
                   "to give feedback always come by e-mail: their links only work from it."),
        widget=forms.CheckboxSelectMultiple, required=False,
        choices=[(kind.value, kind.label) for kind in switchable()],
    )
