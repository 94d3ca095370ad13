"""Forms of the programmes pages."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField, TalentBridgeForm

from .models import SCORE_MAX, SCORE_MIN, AttendanceStatus, Decision, Outcome

SCORES = [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class ApplyForm(TalentBridgeForm):
    statement = forms.CharField(
        label="Your statement", max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why you are applying and what you would bring, against the leadership "
                  "competency framework")


class ScoreForm(TalentBridgeForm):
    """One field per criterion, each 1 to 5."""

    def __init__(self, *args, criteria, initial_scores: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            field = forms.TypedChoiceField(label=criterion.name, choices=SCORES, coerce=int,
                                           widget=forms.RadioSelect,
                                           initial=str(initial_scores.get(criterion.pk, "")))
            field.error_messages["required"] = f"Choose a score for {criterion.name}"
            field.error_messages["invalid_choice"] = (
                f"Score for {criterion.name} must be from {SCORE_MIN} to {SCORE_MAX} "
                "(it was %(value)s)")
            self.fields[f"criterion_{criterion.pk}"] = field

    def scores(self) -> dict[int, int]:
        return {int(name.removeprefix("criterion_")): value
                for name, value in self.cleaned_data.items()}


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
