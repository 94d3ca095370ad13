"""Forms for the opportunity pages. They check input and give messages naming the field and the
value; the services in talentbridge.opportunities.services make the changes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.core.pickers import MultiPickerField
from talentbridge.core.pickers import PickerField
from talentbridge.core.pickers import PickerSource
from talentbridge.organisations.forms import OrganisationPickers
from talentbridge.organisations.forms import system_choices
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.people.codes import PayBand
from talentbridge.talent.frameworks import TravelReach

from .codes import RANGE_BANDS
from .codes import Aspiration
from .codes import LcfDomain
from .codes import OpportunityKind
from .codes import PositiveActionGroup
from .codes import Reach
from .models import MAX_PREFERENCE_RANK
from .models import STATEMENT_MAX_LENGTH
from .services import MAX_WEIGHT
from .services import WEIGHT_NAMES
from .services import OpportunitySearch
from .services import default_weights

YES_NO = [("yes", "Yes"), ("no", "No")]


class WholeNumberField(forms.IntegerField):
    """An integer field whose messages name the field and the value typed."""

    def to_python(self, value):
        text = "" if value is None else str(value).strip()
        if text in self.empty_values:
            return None
        if not text.lstrip("-").isdigit():
            raise ValidationError(f'{self.label} must be a whole number, like 3 ("{text}" is '
                                  "not)", code="invalid")
        return int(text)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value or (
                self.max_value is not None and value > self.max_value):
            raise ValidationError(f"{self.label} must be from {self.min_value} to "
                                  f"{self.max_value} (you entered {value})", code="range")

    def run_validators(self, value):
        return None  # range is checked (with the value named) in validate


class OpportunityForm(TalentBridgeForm):
    title = forms.CharField(label="Title", max_length=150)
    kind = forms.ChoiceField(label="Kind of opportunity", widget=forms.RadioSelect,
                             choices=OpportunityKind.choices)
    summary = forms.CharField(label="What the leader will do", max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    host = PickerField(
        label="Host organisation",
        help_text="Type part of its name or its ODS code (for example, RJ1), then choose it "
                  "from the matches. You can post for organisations within your scope.")
    time_percent = WholeNumberField(
        label="Share of working time (%)", min_value=1, max_value=100, initial=100,
        help_text="100 for a full-time secondment; for example 20 for one day a week.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))
    remote_possible = forms.BooleanField(label="It can be done remotely", required=False)
    develops = forms.TypedMultipleChoiceField(
        label="Leadership Competency Framework domains it develops", coerce=int,
        choices=LcfDomain.choices, widget=forms.CheckboxSelectMultiple, required=False)
    builds_towards = forms.ChoiceField(
        label="Career aspiration it builds towards", required=False,
        choices=choices_with_blank(Aspiration.choices, "None in particular"))
    band_min = forms.ChoiceField(label="Lowest band",
                                 choices=choices_with_blank(RANGE_BANDS, "Select a band"))
    band_max = forms.ChoiceField(label="Highest band",
                                 choices=choices_with_blank(RANGE_BANDS, "Select a band"))
    seats = WholeNumberField(label="Number of places", min_value=1, max_value=500, initial=1,
                             widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                           "class": "nhsuk-input--width-3"}))
    starts_on = NHSDateField(label="Start date", help_text="For example, 1 4 2027")
    ends_on = NHSDateField(label="End date", help_text="For example, 30 9 2027")
    closes_on = NHSDateField(label="Closing date for interest", min_value=dt.date.today,
                             help_text="For example, 1 3 2027")
    reach = forms.ChoiceField(label="Who can see it", widget=forms.RadioSelect,
                              choices=Reach.choices, initial=Reach.SYSTEM)

    def __init__(self, *args, hosts: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].source = hosts

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        return data


class OpportunityFilterForm(TalentBridgeForm):
    words = forms.CharField(label="Words in the title or description", max_length=100,
                            required=False)
    kind = forms.ChoiceField(label="Kind", required=False,
                             choices=choices_with_blank(OpportunityKind.choices, "Any kind"))
    domain = forms.TypedChoiceField(
        label="Develops", required=False, coerce=int, empty_value=None,
        choices=choices_with_blank(LcfDomain.choices, "Any LCF domain"))
    system = forms.ChoiceField(label="Integrated care system", required=False)
    band = forms.ChoiceField(label="Open to band", required=False,
                             choices=choices_with_blank(PayBand.choices, "Any band"))
    remote_only = forms.BooleanField(label="Only those that can be done remotely",
                                     required=False)
    eligible_only = forms.BooleanField(label="Only those I can express interest in",
                                       required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].choices = system_choices()

    def clean_system(self):
        code = self.cleaned_data["system"]
        return IntegratedCareSystem.objects.filter(code=code).first() if code else None

    def search(self):
        data = self.cleaned_data
        return OpportunitySearch(
            words=data["words"].strip(), kind=data["kind"], domain=data["domain"],
            system_id=data["system"].pk if data["system"] else None, band=data["band"],
            remote_only=data["remote_only"], eligible_only=data["eligible_only"])


class InterestForm(TalentBridgeForm):
    statement = forms.CharField(
        label="Why you are interested", max_length=STATEMENT_MAX_LENGTH, required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {STATEMENT_MAX_LENGTH} characters. The talent leads who match "
                  "people to opportunities will read it.")
    preference_rank = WholeNumberField(
        label="How high is it on your list?", required=False, min_value=1,
        max_value=MAX_PREFERENCE_RANK,
        help_text="1 for your first choice, 2 for your second, and so on. Leave blank if you "
                  "would rather not rank it.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}))


class NominationForm(TalentBridgeForm):
    person = PickerField(label="Who you are nominating",
                         help_text="Type part of their name, or their work email, then choose "
                                   "them from the matches")
    statement = forms.CharField(label="Why you are nominating them", required=False,
                                max_length=STATEMENT_MAX_LENGTH,
                                widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, people: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].source = people


class ReviewNoteForm(TalentBridgeForm):
    note = forms.CharField(label="What needs to change", max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}))


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


class PreferencesForm(OrganisationPickers, TalentBridgeForm):
    """A leader's mobility choices (in their talent profile) and conflicts of interest."""

    organisation_pickers = ("conflicts",)
    open_to_other_organisations = forms.ChoiceField(
        label="Would you consider an opportunity in another organisation?", choices=YES_NO,
        widget=forms.RadioSelect)
    open_to_other_sectors = forms.ChoiceField(
        label="Would you consider an organisation outside the NHS, such as a local authority?",
        choices=YES_NO, widget=forms.RadioSelect)
    travel_reach = forms.ChoiceField(label="How far would you travel?",
                                     choices=TravelReach.choices, widget=forms.RadioSelect)
    open_to_relocation = forms.ChoiceField(
        label="Would you relocate for the right opportunity?", choices=YES_NO,
        widget=forms.RadioSelect)
    conflicts = MultiPickerField(
        label="Organisations where you have a conflict of interest",
        add_label="Add an organisation",
        help_text="You will never be matched to them. Type part of a name or an ODS code (for "
                  "example, RX1), then add each one.")

    @classmethod
    def initial_from(cls, profile, conflicts) -> dict:
        return {
            "open_to_other_organisations": _yes_no(profile.open_to_other_organisations),
            "open_to_other_sectors": _yes_no(profile.open_to_other_sectors),
            "travel_reach": profile.travel_reach,
            "open_to_relocation": _yes_no(profile.open_to_relocation),
            "conflicts": [c.organisation for c in conflicts],
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("open_to_other_organisations", "open_to_other_sectors",
                     "open_to_relocation"):
            data[name] = data[name] == "yes"
        return data


NO_TIE_BREAK = "none"


class RunForm(TalentBridgeForm):
    scope = forms.ChoiceField(label="Where to match", help_text="Open opportunities hosted "
                              "here, and the interested or nominated people you can see.")
    release_cap = WholeNumberField(
        label="Most leaders one organisation releases at once", required=False, min_value=1,
        max_value=10000,
        help_text="Leave blank for no cap. Leaders already on placement count towards it.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))
    positive_action_group = forms.ChoiceField(
        label="Positive-action tie-break (Equality Act 2010, sections 158 and 159)",
        choices=[(NO_TIE_BREAK, "No tie-break")] + [
            (value, label) for value, label in PositiveActionGroup.choices if value],
        required=False, widget=forms.RadioSelect,
        help_text="Only between people of exactly equal merit, and only for a group you "
                  "reasonably think is under-represented in these roles.")

    def __init__(self, *args, scope_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = list(scope_choices)
        defaults = default_weights()
        for name in WEIGHT_NAMES:
            self.fields[f"weight_{name}"] = WholeNumberField(
                label=WEIGHT_LABELS[name], min_value=0, max_value=MAX_WEIGHT,
                initial=defaults[name], required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric",
                                              "class": "nhsuk-input--width-3"}))
        self.fields["positive_action_group"].initial = NO_TIE_BREAK

    def clean_positive_action_group(self) -> str:
        """ "No tie-break" is a radio of its own (a radio cannot be unticked) saving ""."""
        value = self.cleaned_data["positive_action_group"]
        return "" if value == NO_TIE_BREAK else value

    def weight_fields(self):
        return [self[f"weight_{name}"] for name in WEIGHT_NAMES]

    def weights(self) -> dict[str, int]:
        defaults = default_weights()
        return {name: (self.cleaned_data.get(f"weight_{name}")
                       if self.cleaned_data.get(f"weight_{name}") is not None
                       else defaults[name]) for name in WEIGHT_NAMES}


WEIGHT_LABELS = {
    "development_per_domain": "Points for each LCF domain developed that the leader wants",
    "aspiration": "Points if it builds towards the leader's aspiration",
    "preference_first": "Points for the leader's first choice",
    "preference_step": "Points fewer for each later choice",
    "ready_now": "Points for 'ready now'",
    "ready_1_2_years": "Points for 'ready in 1 to 2 years'",
    "ready_3_plus_years": "Points for 'ready in 3 or more years'",
    "new_host": "Points for an organisation the leader has not worked in",
    "new_kind": "Points for a kind of organisation the leader has not worked in",
    "new_sector": "Points for a sector the leader has not worked in",
    "same_system": "Points if it is in the leader's own system",
    "same_region": "Points if it is in the leader's region (within their travel)",
    "elsewhere": "Points if it is elsewhere (for leaders who would go anywhere)",
}


class RespondForm(TalentBridgeForm):
    answer = forms.ChoiceField(label="Do you accept this offer?", widget=forms.RadioSelect,
                               choices=[("accept", "Yes, I accept"),
                                        ("decline", "No, I decline")])
    reason = forms.CharField(label="Anything you want to say (optional)", required=False,
                             max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(TalentBridgeForm):
    decision = forms.ChoiceField(label="Does your organisation approve this placement?",
                                 widget=forms.RadioSelect,
                                 choices=[("approve", "Yes, we approve"),
                                          ("refuse", "No, we do not approve")])
    reason = forms.CharField(label="Reason", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Required if you do not approve.")
    starts_on = NHSDateField(label="Placement start date", required=False,
                             help_text="Host only. Leave blank to keep the advertised dates.")
    ends_on = NHSDateField(label="Placement end date", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for not approving")
        return cleaned


class ReflectionForm(TalentBridgeForm):
    text = forms.CharField(label="Your reflection", max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="What you learnt, and what you will do differently.")


class FeedbackForm(TalentBridgeForm):
    text = forms.CharField(label="The host's feedback", max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 6}))
