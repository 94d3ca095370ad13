"""Forms for the review and pool pages. They check the shape of the input and give messages
naming the field and the value; the services check the rest (scope, grid, lock) and make the
changes."""

from __future__ import annotations

import datetime as dt

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.core.pickers import MultiPickerField
from talentbridge.core.pickers import PickerField
from talentbridge.core.pickers import PickerSource
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.talent.models.pools import PoolScope
from talentbridge.talent.models.pools import PoolStatus
from talentbridge.talent.models.reviews import ReviewScope
from talentbridge.talent.reviews import policy
from talentbridge.talent.reviews import services
from talentbridge.talent.reviews.services import TEXT_MAX
from talentbridge.talent.reviews.services import grids
from talentbridge.talent.reviews.services import readiness_levels

NAME_MAX = 150


def cell_choices(review) -> list[tuple[str, str]]:
    """The cells of the review's grid, top row first, left to right."""
    return [(str(c.pk), c.label) for c in review.grid.cells.order_by("-row", "column")]


def review_scope_choices(user) -> list[tuple[str, str]]:
    """The scopes this user may run a review at, as "organisation:<id>" / "system:<id>"."""
    roles = policy.roles_for(user)
    choices = [(f"organisation:{o.pk}", o.display_name)
               for o in Organisation.objects.filter(pk__in=roles.lead_organisation_ids)]
    choices += [(f"system:{s.pk}", f"{s.short_name} (the whole integrated care system)")
                for s in IntegratedCareSystem.objects.filter(pk__in=roles.lead_system_ids)]
    return choices


def pool_scope_choices(user) -> list[tuple[str, str]]:
    """The scopes this user may create a pool at."""
    roles = policy.roles_for(user)
    choices: list[tuple[str, str]] = []
    if roles.is_national_lead:
        choices.append(("england:", "England"))
        choices += [(f"region:{r.pk}", f"{r.name} region") for r in Region.objects.all()]
    else:
        regions = Region.objects.filter(pk__in=roles.lead_region_ids)
        choices += [(f"region:{r.pk}", f"{r.name} region") for r in regions]
        systems = IntegratedCareSystem.objects.filter(pk__in=roles.lead_system_ids) | (
            IntegratedCareSystem.objects.filter(region_id__in=roles.lead_region_ids))
        choices += [(f"system:{s.pk}", s.short_name) for s in systems.distinct()]
        organisations = Organisation.objects.filter(pk__in=roles.lead_organisation_ids)
        choices += [(f"organisation:{o.pk}", o.display_name) for o in organisations]
    return choices


def split_scope(value: str) -> tuple[str, int | None]:
    level, _, pk = value.partition(":")
    return level, int(pk) if pk.isdigit() else None


class ReviewForm(TalentBridgeForm):
    name = forms.CharField(label="Name of the review", max_length=NAME_MAX,
                           help_text="For example, Nursing and midwifery talent review 2026")
    scope = forms.ChoiceField(label="Who the review covers", widget=forms.RadioSelect)
    grid = forms.ChoiceField(label="Grid")
    held_on = NHSDateField(label="Date of the review", help_text="For example, 14 3 2026")
    facilitator = PickerField(label="Facilitator", required=False,
                              help_text="Type part of their name or their username, then "
                                        "choose them. Leave blank if you facilitate.")
    participants = MultiPickerField(label="Participants", add_label="Add a participant",
                                    help_text="Participants can see the review and the people "
                                              "in it they are allowed to see. Type part of a "
                                              "name or a username, then add them one by one.")

    def __init__(self, *args, user, users: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].source = users
        self.fields["participants"].source = users
        self.fields["scope"].choices = review_scope_choices(user)
        self.fields["grid"].choices = [(str(g.pk), g.name) for g in grids()]
        self.fields["grid"].initial = next(
            (str(g.pk) for g in grids() if g.code == "nine_box"), None)

    def service_values(self) -> dict:
        data = self.cleaned_data
        level, pk = split_scope(data["scope"])
        return {
            "name": data["name"],
            "scope_level": level,
            "organisation": Organisation.objects.filter(pk=pk).first()
            if level == ReviewScope.ORGANISATION else None,
            "system": IntegratedCareSystem.objects.filter(pk=pk).first()
            if level == ReviewScope.SYSTEM else None,
            "grid": grids().filter(pk=data["grid"]).first(),
            "held_on": data["held_on"],
            "facilitator": data["facilitator"].username if data["facilitator"] else "",
            "participants": [u.username for u in data["participants"]],
        }


class PlacementForm(TalentBridgeForm):
    person = PickerField(label="Person")
    cell = forms.ChoiceField(label="Where on the grid", widget=forms.RadioSelect)
    readiness = forms.ChoiceField(label="Readiness for a next role", widget=forms.RadioSelect)
    rationale = forms.CharField(label="Rationale", max_length=TEXT_MAX,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="The evidence for this placement: performance, "
                                          "aspiration, engagement, ability")

    def __init__(self, *args, review, people: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].source = people
        self.fields["cell"].choices = [
            (str(c.pk), c.label) for c in review.grid.cells.order_by("-row", "column")]
        self.fields["readiness"].choices = [(str(r.pk), r.label) for r in readiness_levels()]


class MoveForm(TalentBridgeForm):
    to_cell = forms.ChoiceField(label="Move to")
    reason = forms.CharField(label="Reason for the move", max_length=TEXT_MAX,
                             help_text="Recorded with your name and the time",
                             error_messages={"required": "Enter the reason for this move"})

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_cell"].choices = cell_choices(review)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for this move")
        return reason


MOVED_CHOICES = [("", "Moved or not"), ("moved", "Moved in calibration"),
                 ("not_moved", "Not moved")]


class CalibrationFilterForm(TalentBridgeForm):
    """The calibration page's filters (a GET form: a bad value shows the error summary and the
    list is not narrowed)."""

    organisation = forms.ChoiceField(label="Organisation", required=False)
    cell = forms.ChoiceField(label="Grid cell", required=False)
    line_manager = forms.CharField(label="Line manager's name", required=False, max_length=100)
    moved = forms.ChoiceField(label="Moved in calibration", required=False,
                              choices=MOVED_CHOICES)

    def __init__(self, *args, review, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = choices_with_blank(
            [(str(o.pk), o.display_name) for o in organisations], "All organisations")
        self.fields["cell"].choices = choices_with_blank(cell_choices(review), "All cells")

    def filters(self) -> services.CalibrationFilters:
        """The filters asked for; none if any value is bad."""
        if not self.is_valid():
            return services.CalibrationFilters()
        data = self.cleaned_data
        return services.CalibrationFilters(
            organisation_id=int(data["organisation"]) if data["organisation"] else None,
            cell_id=int(data["cell"]) if data["cell"] else None,
            line_manager=data["line_manager"].strip(),
            moved={"moved": True, "not_moved": False}.get(data["moved"]))

    def query(self) -> dict:
        """The filters as they stand in the address (for paging links and after a move)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class MoveManyForm(TalentBridgeForm):
    """Move the people ticked on the calibration page to one cell, with one reason."""

    # ticked in the table; the service checks each id against the review
    placements = forms.Field(label="People to move", required=False,
                             widget=forms.SelectMultiple)
    to_cell = forms.ChoiceField(label="Move the people you selected to")
    reason = forms.CharField(label="Reason for the moves", max_length=TEXT_MAX,
                             help_text="Recorded against each person moved, with your name and "
                             "the time", error_messages={
                                 "required": "Enter the reason for these moves"})

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_cell"].choices = choices_with_blank(cell_choices(review),
                                                            "Choose a cell")
        self.fields["to_cell"].error_messages.update({
            "required": "Choose the cell to move them to",
            "invalid_choice": 'Choose the cell to move them to from the list ("%(value)s" is '
                              "not one of the options)"})

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for these moves")
        return reason

    def chosen(self) -> set[str]:
        return set(self.data.getlist("placements")) if self.is_bound else set()


class PoolForm(TalentBridgeForm):
    name = forms.CharField(label="Name of the pool", max_length=NAME_MAX,
                           help_text="For example, Aspiring chief executives — North West")
    purpose = forms.CharField(label="Purpose", max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))
    entry_criteria = forms.CharField(label="Entry criteria", max_length=TEXT_MAX,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.ChoiceField(label="Who the pool is for")
    status = forms.ChoiceField(label="Nominations", choices=PoolStatus.choices,
                               widget=forms.RadioSelect, initial=PoolStatus.OPEN)
    review_interval_months = forms.IntegerField(
        label="Months between membership reviews", min_value=1, max_value=60, initial=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = choices_with_blank(pool_scope_choices(user),
                                                          "Choose a scope")

    def service_values(self) -> dict:
        data = self.cleaned_data
        level, pk = split_scope(data["scope"])
        return {
            "name": data["name"], "purpose": data["purpose"],
            "entry_criteria": data["entry_criteria"], "scope_level": level,
            "organisation": Organisation.objects.filter(pk=pk).first()
            if level == PoolScope.ORGANISATION else None,
            "system": IntegratedCareSystem.objects.filter(pk=pk).first()
            if level == PoolScope.SYSTEM else None,
            "region": Region.objects.filter(pk=pk).first() if level == PoolScope.REGION else None,
            "status": data["status"],
            "review_interval_months": data["review_interval_months"],
        }


class NominationForm(TalentBridgeForm):
    person = PickerField(label="Who you are nominating",
                         help_text="Type part of their name (or your own), then choose them "
                                   "from the matches")
    statement = forms.CharField(label="Why this person should join the pool",
                                max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="How they meet the entry criteria")

    def __init__(self, *args, people: PickerSource, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].source = people


class DecisionForm(TalentBridgeForm):
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect,
                                 choices=[("approve", "Approve: they join the pool"),
                                          ("decline", "Decline")])
    reason = forms.CharField(label="Reason for the decision", max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The nominee can read this")


class ExitForm(TalentBridgeForm):
    reason = forms.CharField(label="Why they are leaving the pool", max_length=300,
                             help_text="For example, appointed to a director post")
    exited_on = NHSDateField(label="Date they left", required=False, max_value=dt.date.today,
                             help_text="Leave blank for today")


class StatusForm(TalentBridgeForm):
    status = forms.ChoiceField(label="Nominations", choices=PoolStatus.choices,
                               widget=forms.RadioSelect)

