"""Forms of the board pages (FPPT records and Board Member References)."""

from __future__ import annotations

import datetime as dt

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank

from .models import EVIDENCE_LIMIT
from .models import TEXT_LIMIT
from .models import CheckOutcome
from .models import Conclusion


def _text(label: str, *, required: bool = False, rows: int = 3, help_text: str = ""):
    return forms.CharField(label=label, required=required, max_length=TEXT_LIMIT,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


class StartYearForm(TalentBridgeForm):
    year = forms.IntegerField(label="Year", min_value=2023)
    due_on = NHSDateField(label="Checks due by")


class CheckForm(TalentBridgeForm):
    date_completed = NHSDateField(label="Date completed", max_value=dt.date.today)
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect,
                                choices=CheckOutcome.choices)
    evidence_ref = forms.CharField(
        label="Evidence reference (optional)", required=False, max_length=EVIDENCE_LIMIT,
        help_text="Where the evidence is kept locally, such as a file or case reference. "
                  "Do not upload or paste the evidence itself.")


class AttestationForm(TalentBridgeForm):
    confirm = forms.BooleanField(
        label="I confirm that I am a fit and proper person to hold my board post, and that I "
              "will tell the chair if that changes", required=False)
    statement = _text("Anything you want to declare (optional)", rows=4)


class SignOffForm(TalentBridgeForm):
    conclusion = forms.ChoiceField(label="Overall conclusion", widget=forms.RadioSelect,
                                   choices=Conclusion.choices)
    signed_off_on = NHSDateField(label="Date of the conclusion", max_value=dt.date.today)
    note = _text("Note (optional)")


class DelegateForm(TalentBridgeForm):
    username = forms.CharField(label="Username of the delegate", max_length=150)


class ItemForm(TalentBridgeForm):
    name = forms.CharField(label="New checklist item", max_length=150)


class ReferenceForm(TalentBridgeForm):
    roles_and_dates = _text("Roles and dates", required=True)
    investigations = _text("Upheld or ongoing investigations or disciplinary action about "
                           "misconduct or mismanagement")
    fitness_concerns = _text("Concerns about fitness")
    settlement_agreements = _text("Relevant settlement agreements")
    grievances = _text("Grievances or whistleblowing, where relevant")
    other_information = _text("Other relevant information")
    declaration = forms.BooleanField(
        label="Referee declaration: I declare that this reference is accurate and complete",
        required=False, help_text="Leave unticked to save a draft.")


class RequestForm(TalentBridgeForm):
    work_email = forms.EmailField(label="The board member's NHS e-mail address")
    requesting_organisation_id = forms.ChoiceField(label="Requested on behalf of")

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requesting_organisation_id"].choices = choices_with_blank(
            [(str(o.pk), o.display_name) for o in organisations], "Choose an organisation")
