"""Forms of the mentoring pages. The services check every value again and name the field."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.pickers import PickerField
from talentbridge.organisations.forms import OrganisationPickers
from talentbridge.organisations.models import OrganisationKind
from talentbridge.talent.frameworks import LcfDomain

from .models import MAX_CAPACITY
from .models import GoalsMet
from .models import GoalStatus
from .models import MatchMethod
from .models import SupportKind

LCF_CHOICES = [(str(value), label) for value, label in LcfDomain.choices]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _domains(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=LCF_CHOICES,
                                     widget=forms.CheckboxSelectMultiple)


def _yes_no(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)


def _kinds(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=OrganisationKind.choices,
                                     widget=forms.CheckboxSelectMultiple, required=False)


class OfferForm(TalentBridgeForm):
    support = forms.MultipleChoiceField(
        label="What will you offer?", choices=[(SupportKind.MENTOR, "Mentoring"),
                                              (SupportKind.COACH, "Coaching")],
        widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(
        label="How many leaders could you support at once?",
        help_text=f"From 1 to {MAX_CAPACITY}, counting those you support now",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}))
    lcf_domains = _domains("Which parts of the Leadership Competency Framework can you help "
                           "with?")
    organisation_kinds = _kinds("Which kinds of organisation do you know well? (optional)")
    across_organisations = _yes_no("Will you support leaders of other organisations?")
    active = forms.ChoiceField(label="Is your offer open now?", widget=forms.RadioSelect,
                               choices=[("yes", "Yes, include me in matching"),
                                        ("no", "No, pause it")])

    def values(self) -> dict:
        data = self.cleaned_data
        return {"as_mentor": SupportKind.MENTOR in data["support"],
                "as_coach": SupportKind.COACH in data["support"],
                "capacity": data["capacity"], "lcf_domains": data["lcf_domains"],
                "organisation_kinds": data["organisation_kinds"],
                "across_organisations": data["across_organisations"] == "yes",
                "active": data["active"] == "yes"}

    @classmethod
    def initial_from(cls, offer) -> dict:
        if offer is None:
            return {"support": [SupportKind.MENTOR], "capacity": 1,
                    "across_organisations": "yes", "active": "yes"}
        return {"support": offer.kinds, "capacity": offer.capacity,
                "lcf_domains": [str(d) for d in offer.lcf_domains],
                "organisation_kinds": offer.organisation_kinds,
                "across_organisations": "yes" if offer.across_organisations else "no",
                "active": "yes" if offer.active else "no"}


class RequestForm(TalentBridgeForm):
    kind = forms.ChoiceField(label="Are you looking for a mentor or a coach?",
                             choices=SupportKind.choices, widget=forms.RadioSelect)
    needs = _domains("Which parts of the Leadership Competency Framework do you want help "
                     "with?")
    organisation_kinds = _kinds("Which kinds of organisation should they know? (optional)")
    wants_outside = _yes_no("Do you want someone from outside your organisation?")
    preferences = forms.CharField(label="Anything else the programme manager should know "
                                        "(optional)", max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].error_messages["required"] = (
            "Choose at least one Leadership Competency Framework domain")

    def values(self) -> dict:
        data = self.cleaned_data
        return {**data, "wants_outside": data["wants_outside"] == "yes"}


class ConflictForm(OrganisationPickers, TalentBridgeForm):
    organisation_pickers = ("organisation",)
    with_email = forms.EmailField(label="Their work e-mail address (optional)", required=False)
    organisation = PickerField(label="Or an organisation (optional)", required=False,
                               help_text="Type part of a name or an ODS code")
    reason = forms.CharField(label="Why (optional, only you see this)", max_length=200,
                             required=False)

    def values(self) -> dict:
        data = self.cleaned_data
        organisation = data.get("organisation")
        return {"with_email": data.get("with_email") or "", "reason": data.get("reason") or "",
                "organisation_code": organisation.ods_code if organisation else ""}


class RunForm(TalentBridgeForm):
    scope = forms.ChoiceField(label="Where to match", widget=forms.RadioSelect)

    def __init__(self, *args, scopes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes


class ConfirmForm(TalentBridgeForm):
    method = forms.ChoiceField(label="Which proposals do you confirm?",
                               choices=MatchMethod.choices, widget=forms.RadioSelect)


class GoalForm(TalentBridgeForm):
    text = forms.CharField(label="Goal", max_length=500)


class GoalStatusForm(TalentBridgeForm):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label="Status", choices=GoalStatus.choices)


class MeetingForm(TalentBridgeForm):
    met_on = NHSDateField(label="Date of the meeting")
    notes = forms.CharField(label="Notes (optional, seen only by the two of you)",
                            max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(TalentBridgeForm):
    goals_met = forms.ChoiceField(label="Were the goals met?", choices=GoalsMet.choices,
                                  widget=forms.RadioSelect)
    would_recommend = _yes_no("Would you recommend this to a colleague?")
    comments = forms.CharField(label="Comments (optional, seen only by the two of you)",
                               max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
