"""Forms for the insights pages: choosing what to show (GET) and importing files (POST).

The area (scope) choices come from the access policy for the chosen snapshot's date, so a user
can only ever pick an area they may see; a crafted value fails validation like any other.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from engine.insights import codes
from engine.insights import snapshot as engine_snapshot
from talentbridge.core.forms import NHSDateField, NHSForm

from . import figures, policy, scopes
from .models import EventKind, WorkforceSnapshot

SCOPE_PREFIX = {scopes.ENGLAND: "", scopes.REGION: "Region: ", scopes.SYSTEM: "System: ",
                scopes.ORGANISATION: "Organisation: "}


def snapshot_label(s: WorkforceSnapshot) -> str:
    return f"{s.as_of.day} {s.as_of:%B %Y} ({s.rows:,} staff)"


class FiguresForm(NHSForm):
    """What to show: snapshot, area, kind of organisation and, on some pages, more."""

    snapshot = forms.TypedChoiceField(label="Snapshot", coerce=int)
    scope = forms.ChoiceField(label="Area", error_messages={
        "invalid_choice": "Select an area you have access to"})
    kind = forms.ChoiceField(label="Kind of organisation", required=False,
                             choices=[("", "All kinds"), *scopes.KINDS.items()])

    def __init__(self, data, *, user, snapshots: list[WorkforceSnapshot], **kwargs):
        self.user = user
        self.snapshots = {s.pk: s for s in snapshots}
        defaults = {"snapshot": str(snapshots[0].pk) if snapshots else ""}
        merged = {**defaults, **{k: v for k, v in (data or {}).items() if v != ""}}
        chosen = self._snapshot(merged.get("snapshot"))
        self.day = chosen.as_of if chosen else dt.date.today()
        self.scope_options = policy.visible_scopes(user, self.day)
        if "scope" not in merged and self.scope_options:
            merged["scope"] = self.scope_options[0].key
        super().__init__(merged, **kwargs)
        self.fields["snapshot"].choices = [(s.pk, snapshot_label(s)) for s in snapshots]
        self.fields["scope"].choices = [
            (s.key, SCOPE_PREFIX[s.level] + s.name + (f" ({s.code})" if s.code else ""))
            for s in self.scope_options]

    def _snapshot(self, value) -> WorkforceSnapshot | None:
        try:
            return self.snapshots.get(int(value))
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        snapshot = self.snapshots.get(data.get("snapshot"))
        if snapshot is not None and data.get("scope"):
            scope = scopes.parse(data["scope"], data.get("kind") or "")
            if not policy.can(self.user, policy.Action.VIEW, scope, snapshot.as_of):
                raise ValidationError({"scope": "Select an area you have access to"})
            data["scope_obj"] = scope
            data["snapshot_obj"] = snapshot
        return data


class PipelineForm(FiguresForm):
    dimension = forms.ChoiceField(label="Show", choices=list(figures.DIMENSIONS.items()),
                                  required=False)
    previous = forms.TypedChoiceField(label="Compare with", coerce=int, required=False,
                                      empty_value=None)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["previous"].choices = [("", "The snapshot before (if any)"),
                                           *self.fields["snapshot"].choices]


class ProgressionForm(FiguresForm):
    earlier = forms.TypedChoiceField(label="From snapshot", coerce=int, required=False,
                                     empty_value=None)
    dimension = forms.ChoiceField(label="Compare", required=False, choices=[
        ("ethnicity", "White and ethnic minority staff"),
        ("disability", "Non-disabled and disabled staff"),
        ("sex", "Men and women")])

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["snapshot"].label = "To snapshot"
        self.fields["earlier"].choices = [("", "The snapshot before (if any)"),
                                          *self.fields["snapshot"].choices]


PROGRAMME_LEVELS = [(lv, figures.LEVEL_LABELS[lv]) for lv in codes.SENIOR_LEVELS[:-1]]


class ProjectionForm(ProgressionForm):
    years = forms.IntegerField(label="Years ahead", min_value=1, max_value=15, required=False,
                               help_text="From 1 to 15")
    equalise_promotion = forms.ChoiceField(
        label="Promotion rates", required=False, widget=forms.RadioSelect, choices=[
            ("", "As they are now"),
            ("white", "Everyone promoted at the White staff's rate"),
            ("overall", "Everyone promoted at the overall rate")])
    minority_recruitment_pct = forms.FloatField(
        label="Ethnic minority share of new joiners (%)", required=False, min_value=0,
        max_value=100, help_text="Leave blank to keep the current mix")
    programme_per_year = forms.IntegerField(
        label="Development programme: ethnic minority staff moved up each year",
        required=False, min_value=0, max_value=10_000, help_text="For example, 20")
    programme_level = forms.ChoiceField(label="From level", required=False,
                                        choices=PROGRAMME_LEVELS)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        del self.fields["dimension"]

    def scenario(self) -> figures.ScenarioInput:
        d = self.cleaned_data
        return figures.ScenarioInput(
            years=d.get("years") or 10,
            equalise_promotion=d.get("equalise_promotion") or "",
            minority_recruitment_pct=d.get("minority_recruitment_pct"),
            programme_per_year=d.get("programme_per_year") or 0,
            programme_level=d.get("programme_level") or "8c",
        )


MAPPING_HELP = ('Only if your file\'s headers differ from ours. For example: {"person_id": '
                '"Employee Number", "band": "Pay Band"}')


class SnapshotImportForm(NHSForm):
    file = forms.FileField(label="Staff file (CSV or XLSX)", error_messages={
        "required": "Select a CSV or XLSX file", "empty": "The selected file is empty"})
    as_of = NHSDateField(label="Snapshot date", max_value=dt.date.today,
                         help_text="The day the staff list is for. For example, 1 10 2026")
    mapping = forms.CharField(label="Column mapping (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
                              max_length=5000, help_text=MAPPING_HELP)


class EventsImportForm(NHSForm):
    file = forms.FileField(label="Events file (CSV or XLSX)", error_messages={
        "required": "Select a CSV or XLSX file", "empty": "The selected file is empty"})
    kind = forms.ChoiceField(label="Kind of events", widget=forms.RadioSelect,
                             choices=EventKind.choices)
    period_start = NHSDateField(label="Start of the period", max_value=dt.date.today,
                                help_text="For example, 1 10 2025")
    period_end = NHSDateField(label="End of the period", max_value=dt.date.today,
                              help_text="For example, 30 9 2026")
    mapping = forms.CharField(label="Column mapping (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
                              max_length=5000, help_text=MAPPING_HELP)


EVENT_FIELDS = engine_snapshot.EVENT_COLUMNS
