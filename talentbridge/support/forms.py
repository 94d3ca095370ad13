"""Forms of the support pages: a check-in, a support offer, a commitment, a pulse round and
the pulse itself."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import PerRecordForm
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank

from .models import Agreement
from .models import CommitmentStatus
from .models import OfferKind
from .models import OfferStatus
from .models import Pressure


class CheckInForm(TalentBridgeForm):
    held_on = NHSDateField(label="Date of the check-in", help_text="For example, 15 3 2026")
    pressure = forms.TypedChoiceField(
        label="How much pressure do they say they are under?", widget=forms.RadioSelect,
        choices=[(str(value), label) for value, label in Pressure.choices], coerce=int)
    support_wanted = forms.CharField(
        label="What support they want (optional)", max_length=4000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(
        label="Private notes (optional)", max_length=8000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Seen only by the leader and their regional lead")


class OfferForm(TalentBridgeForm):
    kind = forms.ChoiceField(label="Support offered", widget=forms.RadioSelect,
                             choices=OfferKind.choices)
    offered_on = NHSDateField(label="Date offered", help_text="For example, 15 3 2026")
    status = forms.ChoiceField(label="Has the leader answered?", widget=forms.RadioSelect,
                               choices=OfferStatus.choices, initial=OfferStatus.PENDING)
    answered_on = NHSDateField(label="Date taken up or declined (if answered)",
                               required=False)
    details = forms.CharField(label="Details (optional)", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(TalentBridgeForm):
    title = forms.CharField(label="Commitment", max_length=200,
                            help_text='For example, "Time and space to lead"')
    owner = forms.CharField(label="Owner (the body that made it)", max_length=150,
                            help_text="For example, NHS England North West")
    region = forms.ChoiceField(label="For leaders in", required=False)
    measure = forms.CharField(label="How it is measured", max_length=300)
    due_on = NHSDateField(label="Due by")
    status = forms.ChoiceField(label="Status", widget=forms.RadioSelect,
                               choices=CommitmentStatus.choices,
                               initial=CommitmentStatus.NOT_STARTED)
    evidence = forms.CharField(label="Evidence (needed when met)", max_length=4000,
                               required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, regions, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(r.pk), r.name) for r in regions]
        self.fields["region"].choices = (choices_with_blank(choices, "England (every region)")
                                         if national else choices)
        self.fields["region"].required = not national
        self.regions = {str(r.pk): r for r in regions}

    def clean_region(self):
        return self.regions.get(self.cleaned_data.get("region") or "")


class RoundForm(TalentBridgeForm):
    name = forms.CharField(label="Name of the round", max_length=100,
                           help_text="For example, Spring 2026")
    opens_on = NHSDateField(label="Opens on")
    closes_on = NHSDateField(label="Closes on")


class PulseForm(PerRecordForm):
    """One question per commitment asked of the leader: how far they agree they see it in
    practice (an answer outside 1 to 5 is refused by the service, naming the commitment)."""

    field_prefix = "commitment"

    def __init__(self, *args, commitments, **kwargs):
        super().__init__(*args, **kwargs)
        for commitment in commitments:
            self.add_record_field(commitment, forms.ChoiceField(
                label=f"{commitment.title}: I see this in practice",
                widget=forms.RadioSelect,
                choices=[(str(v), f"{v}: {label}") for v, label in Agreement.choices]),
                required=f'Choose how far you agree that you see "{commitment.title}" in practice',
                invalid_choice=(f'Answer "{commitment.title}" from 1 to 5: "%(value)s" is not on '
                                "the scale"))

    def answers(self) -> dict[int, str]:
        return self.by_record()


class AnswerOfferForm(TalentBridgeForm):
    status = forms.ChoiceField(label="Your answer", widget=forms.RadioSelect, choices=[
        (OfferStatus.TAKEN_UP, "Take it up"), (OfferStatus.DECLINED, "Decline")])
