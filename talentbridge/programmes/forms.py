"""Forms of the programmes pages."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import PerRecordForm
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.core.pickers import MultiPickerField
from talentbridge.core.pickers import PickerField
from talentbridge.core.pickers import PickerSource

from .models import SCORE_MAX
from .models import SCORE_MIN
from .models import AttendanceStatus
from .models import CohortStatus
from .models import Decision
from .models import Outcome
from .setup import COHORT_NAME_MAX
from .setup import NAME_MAX
from .setup import PLACES_MAX

SCORES = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class ApplyForm(TalentBridgeForm):
    statement = forms.CharField(
        label="Your statement", max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why you are applying and what you would bring, against the leadership "
                  "competency framework")


class ScoreForm(PerRecordForm):
    """One field per criterion, each 1 to 5."""

    field_prefix = "criterion"

    def __init__(self, *args, criteria, initial_scores: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.add_record_field(criterion, forms.TypedChoiceField(
                label=criterion.name, choices=SCORES, coerce=int, widget=forms.RadioSelect,
                initial=str(initial_scores.get(criterion.pk, ""))),
                required=f"Choose a score for {criterion.name}",
                invalid_choice=(f"Score for {criterion.name} must be from {SCORE_MIN} to "
                                f"{SCORE_MAX} (it was %(value)s)"))

    def scores(self) -> dict[int, int]:
        return self.by_record()


class DecisionForm(TalentBridgeForm):
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect, choices=[
        (Decision.SELECTED.value, "Selected"), (Decision.RESERVE.value, "Reserve"),
        (Decision.NOT_SELECTED.value, "Not selected")])


class SessionForm(TalentBridgeForm):
    title = forms.CharField(label="Session", max_length=150)
    held_on = NHSDateField(label="Held on", help_text="For example, 14 3 2027")


class AttendanceForm(TalentBridgeForm):
    def __init__(self, *args, places, marks: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        for place in places:
            self.fields[f"place_{place.pk}"] = forms.ChoiceField(
                label=place.person.full_name, choices=AttendanceStatus.choices,
                widget=forms.RadioSelect, initial=marks.get(place.pk))

    def marks(self) -> dict[int, str]:
        return {int(name.removeprefix("place_")): value
                for name, value in self.cleaned_data.items()}


class OutcomeForm(TalentBridgeForm):
    outcome = forms.ChoiceField(label="Outcome", widget=forms.RadioSelect, choices=[
        (Outcome.COMPLETED.value, "Completed"), (Outcome.WITHDRAWN.value, "Withdrawn")])
    on = NHSDateField(label="On", help_text="For example, 30 11 2027")


class FeedbackForm(TalentBridgeForm):
    rating = forms.TypedChoiceField(label="How would you rate the programme?",
                                    choices=SCORES, coerce=int, widget=forms.RadioSelect,
                                    help_text="1 is poor, 5 is excellent")
    comments = forms.CharField(label="Comments (optional)", max_length=4000, required=False,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="Shown to the programme's managers without your name")


class ProgrammeForm(TalentBridgeForm):
    name = forms.CharField(label="Programme name", max_length=NAME_MAX,
                           help_text="For example, Aspiring Chief Executive programme")
    description = forms.CharField(label="What the programme is for", max_length=4000,
                                  required=False, widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.ChoiceField(label="Who the programme is run for",
                              help_text="Within the scope you run programmes for")
    eligibility = forms.CharField(label="Who may apply", max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="For example, executive directors of NHS trusts")
    criteria = forms.CharField(label="What the panel scores", max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="One criterion a line; the panel scores each from 1 "
                                         "to 5")

    def __init__(self, *args, scopes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = choices_with_blank(scopes, "Choose a scope")

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "description": data["description"],
                "eligibility": data["eligibility"], "scope": data["scope"],
                "criteria": data["criteria"].splitlines()}


def _panel_field() -> MultiPickerField:
    return MultiPickerField(label="Panel members", add_label="Add a panel member",
                            help_text="The panel sees and scores the cohort's applications. "
                                      "Type part of a name or a username, then add them one "
                                      "by one.")


class CohortForm(TalentBridgeForm):
    name = forms.CharField(label="Cohort name", max_length=COHORT_NAME_MAX,
                           help_text="For example, Cohort 5")
    starts_on = NHSDateField(label="Starts on", help_text="For example, 10 1 2027")
    ends_on = NHSDateField(label="Ends on", help_text="For example, 10 12 2027")
    places = forms.CharField(
        label="Places", max_length=10, help_text=f"From 1 to {PLACES_MAX}",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-3"}))
    status = forms.ChoiceField(label="Status", choices=CohortStatus.choices,
                               widget=forms.RadioSelect, initial=CohortStatus.OPEN)
    panel = _panel_field()

    def __init__(self, *args, users: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].source = users

    def clean_places(self) -> int:
        text = self.cleaned_data["places"].strip()
        if not text.isdigit() or not 1 <= int(text) <= PLACES_MAX:
            raise forms.ValidationError(f"Places must be a whole number from 1 to "
                                        f"{PLACES_MAX} (it was {text})")
        return int(text)


class PanelForm(TalentBridgeForm):
    panel = _panel_field()

    def __init__(self, *args, users: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].source = users


class NominateForm(TalentBridgeForm):
    person = PickerField(label="Who you are nominating",
                         help_text="Type part of their name, then choose them from the matches")
    statement = forms.CharField(
        label="Why this person should have a place", max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What they would bring, against the leadership competency framework")

    def __init__(self, *args, people: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].source = people
