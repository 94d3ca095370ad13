"""Forms of the development plan pages: an action (added or changed) and a progress update.
The services check every value again (checks.py) and their refusals go on these fields."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.talent.frameworks import LcfDomain

from .models import Progress


class ActionForm(TalentBridgeForm):
    title = forms.CharField(label="Action", max_length=200,
                            help_text="What you will do, in a few words")
    success = forms.CharField(label="What success looks like (optional)", max_length=2000,
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = NHSDateField(label="Due date", help_text="For example, 31 3 2027")
    lcf_domain = forms.ChoiceField(label="LCF domain it develops (optional)", required=False)
    conversation = forms.ChoiceField(label="Career conversation it came from (optional)",
                                     required=False)
    opportunity = forms.ChoiceField(label="Opportunity it uses (optional)", required=False)
    programme = forms.ChoiceField(label="Development programme (optional)", required=False)

    def __init__(self, *args, conversations=(), opportunities=(), programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Enter the action"
        self.fields["lcf_domain"].choices = choices_with_blank(
            [(str(v), label) for v, label in LcfDomain.choices], "None")
        self.fields["conversation"].choices = choices_with_blank(conversations, "None")
        self.fields["opportunity"].choices = choices_with_blank(opportunities, "None")
        self.fields["programme"].choices = choices_with_blank(programmes, "None")

    def values(self) -> dict:
        data = self.cleaned_data
        return {field: data[field] or None if field in (
            "lcf_domain", "conversation", "opportunity", "programme") else data[field]
            for field in ("title", "success", "due_on", "lcf_domain", "conversation",
                          "opportunity", "programme")}


class UpdateForm(TalentBridgeForm):
    progress = forms.ChoiceField(label="Progress", widget=forms.RadioSelect,
                                 choices=Progress.choices)
    percent = forms.CharField(label="Per cent done (optional)", required=False, max_length=5,
                              help_text="A whole number from 0 to 100",
                              widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                            "class": "nhsuk-input--width-4"}))
    note = forms.CharField(label="Progress note (optional)", max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What happened, what helped, what is next")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].error_messages["required"] = "Choose the progress"
