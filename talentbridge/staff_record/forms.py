"""Forms of the staff record pages: uploading a leaders' feed, and answering for a person
missing from it."""

from __future__ import annotations

import datetime as dt

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import NHSForm

from .models import Answer


class FeedUploadForm(NHSForm):
    organisation = forms.ChoiceField(label="Organisation", error_messages={
        "required": "Select the organisation the feed is for",
        "invalid_choice": "Select an organisation you administer: %(value)s is not one"})
    file = forms.FileField(label="Leaders' feed (CSV or XLSX)", error_messages={
        "required": "Select a CSV or XLSX file", "empty": "The selected file is empty"})

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(o.ods_code, f"{o.display_name} ({o.ods_code})") for o in organisations]
        if len(choices) != 1:
            choices = [("", "Select an organisation"), *choices]
        self.fields["organisation"].choices = choices


class MissingAnswerForm(NHSForm):
    answer = forms.ChoiceField(label="What happened to them?", widget=forms.RadioSelect,
                               choices=[(Answer.LEFT, "They left the NHS"),
                                        (Answer.MOVED, "They moved to another NHS organisation "
                                                       "(its feed will move them)"),
                                        (Answer.STILL_HERE, "They are still here")],
                               error_messages={"required": "Select what happened to them"})
    left_on = NHSDateField(label="Date they left the NHS", required=False,
                           max_value=dt.date.today,
                           help_text="Only if they left the NHS. For example, 31 10 2026")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == Answer.LEFT and not cleaned.get("left_on"):
            self.add_error("left_on", "Enter the date they left the NHS")
        return cleaned
