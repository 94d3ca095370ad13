"""Forms for the career conversation, assessment and talent search pages. They check the shape
of the input with messages naming the field and the value; the services check the rest and make
the changes."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.core.pickers import PickerField
from talentbridge.organisations.forms import OrganisationPickers
from talentbridge.organisations.forms import system_choices
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.people.codes import PayBand
from talentbridge.talent.codes import MULTI_RATER_KINDS
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.frameworks import GrowthCategory
from talentbridge.talent.frameworks import ImpactLevel
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.search.services import TalentSearch

LIMITS = conversation_services.TEXT_LIMITS
DOMAIN_CHOICES = [(str(value), f"{value}. {label}") for value, label in LcfDomain.choices]


def _textarea(label: str, field: str, rows: int = 5, help_text: str = "", required=False):
    return forms.CharField(label=label, max_length=LIMITS[field], required=required,
                           widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text)


def readiness_choices() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in conversation_services.active_readiness_levels()]


class ConversationForm(TalentBridgeForm):
    """The manager's preparation and the record of the conversation. With `recording=False`
    (saving the preparation only) nothing is required."""

    manager_preparation = _textarea(
        "Manager's preparation", "manager_preparation",
        help_text="What you want to talk about: strengths you have seen, evidence of impact, "
                  "and opportunities you could offer.")
    held_on = NHSDateField(label="Date of the conversation", max_value=dt.date.today,
                           help_text="For example, 14 3 2026")
    impact_level = forms.ChoiceField(label="Impact", choices=ImpactLevel.choices,
                                     widget=forms.RadioSelect,
                                     help_text="Their capability and contribution now: what "
                                               "they do and how they do it.")
    growth_category = forms.ChoiceField(label="Growth", choices=GrowthCategory.choices,
                                        widget=forms.RadioSelect,
                                        help_text="The kind of growth they want next.")
    aspiration = _textarea("Aspiration", "aspiration", rows=3,
                           help_text="Where they want to be, in their own words, and when.")
    aspiration_role = forms.CharField(label="Next role wanted", max_length=LIMITS[
        "aspiration_role"], required=False, help_text="For example, Director of Nursing")
    readiness = forms.ChoiceField(label="Readiness", widget=forms.RadioSelect,
                                  help_text="How soon they could take the next role.")
    open_to_other_organisations = forms.BooleanField(
        label="Open to roles in other NHS organisations", required=False)
    open_to_other_sectors = forms.BooleanField(
        label="Open to roles in other sectors, such as local government", required=False)
    open_to_relocation = forms.BooleanField(label="Open to moving home for a role",
                                            required=False)
    travel_reach = forms.ChoiceField(label="How far they can travel for a role",
                                     choices=TravelReach.choices, widget=forms.RadioSelect,
                                     initial=TravelReach.WITHIN_ORGANISATION)
    development_needs = forms.MultipleChoiceField(
        label="Development needs (Leadership Competency Framework domains)",
        choices=DOMAIN_CHOICES, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Select all that apply.")
    development_plan = _textarea("Aspirational development plan", "development_plan",
                                 help_text="What they will do, with whose support, by when.")
    next_review_on = NHSDateField(label="Next review date", min_value=dt.date.today,
                                  help_text="Conversations recur. For example, 14 9 2026")
    private_notes = _textarea(
        "Private notes", "private_notes", rows=4,
        help_text="Seen only by the person and by you, who held the conversation. Not by "
                  "talent leads or administrators.")

    def __init__(self, *args, recording: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.recording = recording
        self.fields["readiness"].choices = readiness_choices()
        required = conversation_services.REQUIRED_TO_RECORD
        for name, field in self.fields.items():
            field.required = recording and name in required

    @classmethod
    def initial_from(cls, conversation: CareerConversation) -> dict:
        values = {f: getattr(conversation, f) for f in conversation_services.HOLDER_FIELDS}
        values["readiness"] = conversation.readiness.code if conversation.readiness_id else None
        values["development_needs"] = [str(d) for d in conversation.development_needs or []]
        return values

    def clean(self):
        cleaned = super().clean()
        held_on, review_on = cleaned.get("held_on"), cleaned.get("next_review_on")
        if held_on and review_on and review_on <= held_on:
            self.add_error("next_review_on", "Next review date must be after the date of the "
                                             "conversation")
        return cleaned

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["development_needs"] = [int(d) for d in data["development_needs"]]
        if not self.recording:  # preparation: keep only what was given
            data = {k: v for k, v in data.items() if v not in (None, "", [], False)}
        return data


class ReflectionForm(TalentBridgeForm):
    individual_reflection = _textarea(
        "Your reflection", "individual_reflection", rows=10,
        help_text="What you are proud of, what energises you, where you want to grow and what "
                  "support you need. Everyone who can see this conversation can read it.")


class ReadinessLevelForm(TalentBridgeForm):
    code = forms.SlugField(label="Code", max_length=30,
                           help_text="Lower case letters, numbers and underscores, for example "
                                     "ready_now. It cannot be changed later.")
    label = forms.CharField(label="Label", max_length=100)
    order = forms.IntegerField(label="Order", min_value=1, max_value=99,
                               help_text="Levels are listed from the lowest number.")
    is_active = forms.BooleanField(label="In use (offered when recording conversations)",
                                   required=False)

    def __init__(self, *args, level: ReadinessLevel | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if level is not None:
            del self.fields["code"]


class OpenAssessmentForm(TalentBridgeForm):
    closes_on = NHSDateField(label="Closing date", min_value=dt.date.today,
                             help_text="Raters can answer until the end of this day, for "
                                       "example 30 4 2026")


class InviteRatersForm(TalentBridgeForm):
    emails = forms.CharField(label="E-mail addresses", max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             help_text="One address per line, or separated by commas.")
    rater_kind = forms.ChoiceField(label="How they work with the person",
                                   choices=[(k.value, k.label) for k in MULTI_RATER_KINDS],
                                   widget=forms.RadioSelect)

    def invitations(self) -> list[tuple[str, str]]:
        addresses = [a for a in re.split(r"[\s,;]+", self.cleaned_data["emails"]) if a]
        return [(a, self.cleaned_data["rater_kind"]) for a in addresses]


class RatingsForm(TalentBridgeForm):
    """One question per LCF domain on the LCF frequency scale."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in LcfDomain.choices:
            self.fields[f"domain_{value}"] = forms.ChoiceField(
                label=f"{value}. {label}", choices=LcfFrequency.choices,
                widget=forms.RadioSelect)
        # TalentBridgeForm set its messages before these fields existed.
        for value, _ in LcfDomain.choices:
            field = self.fields[f"domain_{value}"]
            field.error_messages["required"] = f"Answer domain {value}"
            field.error_messages["invalid_choice"] = (
                f'Choose an answer for domain {value} ("%(value)s" is not on the LCF scale)')

    @staticmethod
    def initial_from(answers: dict[int, str]) -> dict:
        return {f"domain_{d}": v for d, v in answers.items()}

    def ratings(self) -> dict[int, str]:
        return {value: self.cleaned_data[f"domain_{value}"] for value in LcfDomain.values}

    def add_service_errors(self, error: ValidationError) -> None:
        for key, messages in error.message_dict.items():
            field = f"domain_{key.removeprefix('ratings.')}"
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class TalentSearchForm(OrganisationPickers, TalentBridgeForm):
    organisation_pickers = ("organisation",)
    name = forms.CharField(label="Name", max_length=100, required=False)
    readiness = forms.ChoiceField(label="Readiness", required=False)
    grid_cell = forms.ChoiceField(label="Placement in their latest locked talent review",
                                  required=False)
    pool = forms.ChoiceField(label="Talent pool (current members)", required=False)
    strengths = forms.MultipleChoiceField(
        label="Strengths (others rate them 3.5 or more of 4)", choices=DOMAIN_CHOICES,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text="People strong in every domain you select.")
    development_needs = forms.MultipleChoiceField(
        label="Development needs", choices=DOMAIN_CHOICES,
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text="People who need to develop every domain you select.")
    aspiration = forms.CharField(label="Next role wanted contains", max_length=150,
                                 required=False, help_text="For example, chief executive")
    open_to_other_organisations = forms.BooleanField(
        label="Only people open to roles in other organisations", required=False)
    travel_reach_at_least = forms.ChoiceField(
        label="Can travel at least", required=False,
        choices=choices_with_blank(TravelReach.choices, "Any distance"))
    pay_band = forms.ChoiceField(label="Band or grade", required=False,
                                 choices=choices_with_blank(PayBand.choices, "Any band"))
    organisation = PickerField(label="Organisation", required=False,
                               help_text="Type part of its name or its ODS code, for example "
                                         "RJ1")
    system = forms.ChoiceField(label="Integrated care system", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readiness"].choices = [("", "Any readiness"), *[
            (str(r.pk), r.label) for r in ReadinessLevel.objects.order_by("order")]]
        cells = (GridCell.objects.filter(grid__reviews__status=ReviewStatus.LOCKED)
                 .select_related("grid").distinct().order_by("grid__name", "-row", "column"))
        self.fields["grid_cell"].choices = [("", "Any placement"), *[
            (str(c.pk), f"{c.grid.name}: {c.label}") for c in cells]]
        self.fields["pool"].choices = [("", "Any or no pool"), *[
            (str(p.pk), p.name) for p in TalentPool.objects.order_by("name")]]
        self.fields["system"].choices = system_choices()

    def search(self) -> TalentSearch:
        data = self.cleaned_data
        system = (IntegratedCareSystem.objects.filter(code=data["system"])
                  .values_list("pk", flat=True).first() if data["system"] else None)
        return TalentSearch(
            name=data["name"].strip(),
            readiness_ids=(int(data["readiness"]),) if data["readiness"] else (),
            grid_cell_id=int(data["grid_cell"]) if data["grid_cell"] else None,
            pool_id=int(data["pool"]) if data["pool"] else None,
            strengths=tuple(int(d) for d in data["strengths"]),
            development_needs=tuple(int(d) for d in data["development_needs"]),
            aspiration=data["aspiration"].strip(),
            open_to_other_organisations=True if data["open_to_other_organisations"] else None,
            travel_reach_at_least=data["travel_reach_at_least"],
            pay_band=data["pay_band"],
            organisation_id=data["organisation"].pk if data["organisation"] else None,
            system_id=system,
        )
