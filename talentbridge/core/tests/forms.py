"""A sample form with one field of every kind nhs_field renders."""

import datetime

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import NHSForm

BANDS = [("", "Choose a band"), ("8a", "Band 8a"), ("8b", "Band 8b"), ("9", "Band 9")]
ROLES = [("leader", "Leader"), ("manager", "Line manager"), ("talent", "Talent lead")]
INTERESTS = [("board", "Board roles"), ("clinical", "Clinical leadership")]


class SampleForm(NHSForm):
    first_name = forms.CharField(max_length=10, help_text="As it appears on your payslip")
    email = forms.EmailField(label="Email address")
    summary = forms.CharField(widget=forms.Textarea, max_length=20, required=False)
    band = forms.ChoiceField(choices=BANDS, label="Agenda for Change band")
    role = forms.ChoiceField(widget=forms.RadioSelect, choices=ROLES, label="Your role")
    interests = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=INTERESTS, label="Interests"
    )
    start_date = NHSDateField(label="Start date in post", max_value=datetime.date.today)
    consent = forms.BooleanField(label="I agree to share my profile with my talent lead")
