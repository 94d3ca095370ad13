"""Forms of the data rights pages."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank

from .corrections import TEXT_LIMIT
from .models import CorrectionArea
from .models import CorrectionStatus


class CorrectionRequestForm(TalentBridgeForm):
    area = forms.ChoiceField(
        label="What is wrong",
        choices=choices_with_blank(CorrectionArea.choices, "Choose what is wrong"))
    details = forms.CharField(
        label="Where it is and what it says now (optional)", required=False,
        max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a role in your career history, a conversation or an assessment, say "
                  "which one. For your profile details we note what they say now for you.")
    requested_correction = forms.CharField(
        label="What it should say", max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}))


class ResolveForm(TalentBridgeForm):
    status = forms.ChoiceField(
        label="What you have done", widget=forms.RadioSelect,
        choices=[(CorrectionStatus.IN_PROGRESS, "I am working on it"),
                 (CorrectionStatus.DONE, "I have corrected it"),
                 (CorrectionStatus.REFUSED, "I refuse the correction")])
    response = forms.CharField(
        label="What you did, or why you refuse (sent to the person)", required=False,
        max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A refusal needs a reason: the person may complain to the Information "
                  "Commissioner's Office.")
