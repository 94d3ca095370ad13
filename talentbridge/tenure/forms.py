"""Forms of the tenure pages: choosing the figures, recording an exit, importing segments."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm

from .figures import GROUPINGS
from .figures import POPULATIONS
from .models import ExitReason

INTERIM_CHOICES = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known yet")]


class FiguresForm(TalentBridgeForm):
    scope = forms.CharField(label="Organisation, system or region code, or ENGLAND",
                            max_length=10, help_text="For example, RJ1, QMJ, Y56 or ENGLAND")
    population = forms.ChoiceField(label="Whose tenure", choices=list(POPULATIONS.items()),
                                   required=False)
    group = forms.ChoiceField(label="Group by", choices=list(GROUPINGS.items()),
                              required=False)


class ExitForm(TalentBridgeForm):
    ended_on = NHSDateField(label="When they left the post", help_text="For example, 31 3 2026")
    reason = forms.ChoiceField(label="Why they left", widget=forms.RadioSelect,
                               choices=ExitReason.choices)
    interim_followed = forms.ChoiceField(label="Did an interim hold the post after them?",
                                         widget=forms.RadioSelect, choices=INTERIM_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Choose why they left"
        self.fields["interim_followed"].error_messages["required"] = (
            "Choose whether an interim held the post after them")

    @staticmethod
    def interim_value(text: str) -> bool | None:
        return {"yes": True, "no": False}.get(text)


class SegmentImportForm(TalentBridgeForm):
    file = forms.FileField(label="Oversight segments (CSV)", help_text=(
        "Columns: organisation_code, effective_from, segment, framework_year"),
        error_messages={"required": "Choose a CSV file of oversight segments"})
