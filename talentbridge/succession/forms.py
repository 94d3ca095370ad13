"""Forms of the succession pages: naming a successor, setting a post's risk, changing who
holds a post."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.core.pickers import PickerField
from talentbridge.core.pickers import PickerSource

from .chooser import person_field
from .models import Readiness
from .models import VacancyReason
from .models import VacancyRisk


class SuccessorForm(TalentBridgeForm):
    readiness = forms.ChoiceField(label="How ready are they?", widget=forms.RadioSelect,
                                  choices=Readiness.choices)
    emergency_cover = forms.BooleanField(
        label="Emergency cover: they would step in at once if the post fell vacant",
        required=False)
    talent_pool = forms.ChoiceField(label="Talent pool (optional)", required=False)
    notes = forms.CharField(label="Notes (optional)", max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Only the plan's owners can read these")

    def __init__(self, *args, people, pools, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.data.get("person", "") if self.is_bound else ""
        self.fields = {"person": person_field(people, chosen), **self.fields}
        self.fields["person"].error_messages["required"] = "Choose who to name as a successor"
        self.fields["readiness"].error_messages["required"] = "Choose how ready they are"
        self.fields["talent_pool"].choices = choices_with_blank(
            [(str(p.pk), p.name) for p in pools], "No talent pool")


class RiskForm(TalentBridgeForm):
    risk = forms.ChoiceField(
        label="Vacancy risk", widget=forms.RadioSelect,
        choices=[*VacancyRisk.choices, ("", "Work it out from the post's facts")],
        required=False)
    reason = forms.CharField(label="Why you are setting the risk by hand", max_length=2000,
                             required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Needed when you set a risk; recorded in the audit "
                                       "trail")


class ScopeForm(TalentBridgeForm):
    scope = forms.CharField(label="Organisation, system or region code, or ENGLAND",
                            max_length=10, help_text="For example, RJ1, QMJ, Y56 or ENGLAND")


class PostForm(TalentBridgeForm):
    interim = forms.BooleanField(label="Held by an interim", required=False)
    started_on = NHSDateField(label="When the incumbent started in the post", required=False,
                              help_text="For example, 1 4 2023")
    expected_vacancy_on = NHSDateField(label="When the post is expected to fall vacant",
                                       required=False, help_text="Leave blank if not expected")
    vacancy_reason = forms.ChoiceField(
        label="Why it is expected to fall vacant", widget=forms.RadioSelect, required=False,
        choices=[*VacancyReason.choices, ("", "Not expected")])


class HolderLeftForm(TalentBridgeForm):
    left_on = NHSDateField(label="When they left the post", help_text="For example, 31 3 2026")


class AppointForm(TalentBridgeForm):
    person = PickerField(label="New holder")
    started_on = NHSDateField(label="When they started in the post",
                              help_text="For example, 1 4 2026")
    interim = forms.BooleanField(label="Held by an interim", required=False)

    def __init__(self, *args, people: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].source = people
