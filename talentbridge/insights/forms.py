"""Forms for the insights pages: choosing what to show (GET) and importing files (POST).

The area (scope) choices come from the access policy for the chosen snapshot's date, so a user
can only ever pick an area they may see; a crafted value fails validation like any other. The
snapshot choices are only the snapshots that cover the chosen area (services.snapshots_covering),
the latest first and chosen by default; a snapshot to compare with must also be earlier and one
on whose date the user may see the area (services.check_comparison).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from engine.insights import codes
from engine.insights import snapshot as engine_snapshot
from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import NHSForm

from . import figures
from . import policy
from . import scopes
from . import services
from .models import EventKind
from .models import WorkforceSnapshot

SCOPE_PREFIX = {scopes.ENGLAND: "", scopes.REGION: "Region: ", scopes.SYSTEM: "System: ",
                scopes.ORGANISATION: "Organisation: "}


def snapshot_label(s: WorkforceSnapshot) -> str:
    return f"{s.as_of.day} {s.as_of:%B %Y} ({s.rows:,} staff)"


class FiguresForm(NHSForm):
    """What to show: snapshot, area, kind of organisation and, on some pages, more."""

    snapshot = forms.TypedChoiceField(label="Snapshot", coerce=int, error_messages={
        "invalid_choice": "Select a snapshot that covers the chosen area: %(value)s does not"})
    scope = forms.ChoiceField(label="Area", error_messages={
        "invalid_choice": "Select an area you have access to"})
    kind = forms.ChoiceField(label="Kind of organisation", required=False,
                             choices=[("", "All kinds"), *scopes.KINDS.items()])

    #: The field naming a snapshot to compare with ("previous", "earlier"), if any.
    comparison = ""

    def __init__(self, data, *, user, snapshots: list[WorkforceSnapshot], **kwargs):
        self.user = user
        every = {s.pk: s for s in snapshots}
        merged = {k: v for k, v in (data or {}).items() if v != ""}
        chosen = self._snapshot(merged.get("snapshot"), every)
        self.day = chosen.as_of if chosen else (snapshots[0].as_of if snapshots
                                                else dt.date.today())
        self.scope_options = policy.visible_scopes(user, self.day)
        if "scope" not in merged and self.scope_options:
            merged["scope"] = self.scope_options[0].key
        try:
            self.area = scopes.parse(merged.get("scope", ""), merged.get("kind", ""))
        except scopes.UnknownScope:
            self.area = None
        covering = services.snapshots_covering(self.area, among=snapshots) if self.area else []
        self.snapshots = {s.pk: s for s in covering}
        if "snapshot" not in merged and covering:
            merged["snapshot"] = str(covering[0].pk)
            if covering[0].as_of != self.day:
                self.day = covering[0].as_of
                self.scope_options = policy.visible_scopes(user, self.day)
        super().__init__(merged, **kwargs)
        self.fields["snapshot"].choices = [(s.pk, snapshot_label(s)) for s in covering]
        self.fields["snapshot"].required = bool(covering)
        self.fields["scope"].choices = [
            (s.key, SCOPE_PREFIX[s.level] + s.name + (f" ({s.code})" if s.code else ""))
            for s in self.scope_options]
        if self.comparison:
            self.fields[self.comparison].choices = [
                ("", "The snapshot before (if any)"), *self.fields["snapshot"].choices]

    @staticmethod
    def _snapshot(value, snapshots: dict) -> WorkforceSnapshot | None:
        try:
            return snapshots.get(int(value))
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        if self.area is not None and not self.snapshots and data.get("scope"):
            self.add_error("scope", f"No imported snapshot covers {self.area.label} yet: "
                                    "choose another area")
            return data
        snapshot = self.snapshots.get(data.get("snapshot"))
        if snapshot is not None and data.get("scope"):
            scope = scopes.parse(data["scope"], data.get("kind") or "")
            if not policy.can(self.user, policy.Action.VIEW, scope, snapshot.as_of):
                raise ValidationError({"scope": "Select an area you have access to"})
            data["scope_obj"] = scope
            data["snapshot_obj"] = snapshot
            if self.comparison:
                self._clean_comparison(data, scope, snapshot)
        return data

    def _clean_comparison(self, data, scope, snapshot) -> None:
        """The snapshot to compare with (``<field>_obj``): the one chosen, which must cover
        the area, be earlier and be one the user may see the area on; or by default the
        latest such one (None if there is none)."""
        name = self.comparison
        other = self.snapshots.get(data.get(name)) if data.get(name) else None
        if other is None:
            data[f"{name}_obj"] = services.earlier_snapshot(
                self.user, scope, snapshot, among=self.snapshots.values())
            return
        try:
            data[f"{name}_obj"] = services.check_comparison(
                self.user, scope, snapshot, other, field=name, label=self.fields[name].label)
        except ValidationError as error:
            self.add_error(None, error)


class PipelineForm(FiguresForm):
    dimension = forms.ChoiceField(label="Show", choices=list(figures.DIMENSIONS.items()),
                                  required=False)
    previous = forms.TypedChoiceField(label="Compare with", coerce=int, required=False,
                                      empty_value=None, error_messages={
        "invalid_choice": "Select a snapshot that covers the chosen area: %(value)s does not"})
    comparison = "previous"


class ProgressionForm(FiguresForm):
    earlier = forms.TypedChoiceField(label="From snapshot", coerce=int, required=False,
                                     empty_value=None, error_messages={
        "invalid_choice": "Select a snapshot that covers the chosen area: %(value)s does not"})
    comparison = "earlier"
    dimension = forms.ChoiceField(label="Compare", required=False, choices=[
        ("ethnicity", "White and ethnic minority staff"),
        ("disability", "Non-disabled and disabled staff"),
        ("sex", "Men and women")])

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["snapshot"].label = "To snapshot"


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


SCOPE_HELP = ("The file must have a row for every NHS trust in this area on its date, and "
              "rows only for organisations in it")


class ImportForm(NHSForm):
    """What every import asks for: the area the file is for, from those the user may import
    for (England first for administrators; others choose)."""

    scope = forms.ChoiceField(label="Area the file is for", help_text=SCOPE_HELP,
                              error_messages={
                                  "required": "Select the area the file is for",
                                  "invalid_choice": "Select an area you may import for: "
                                                    "%(value)s is not one"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        options = policy.importable_scopes(user, dt.date.today())
        choices = [(s.key, SCOPE_PREFIX[s.level] + s.name + (f" ({s.code})" if s.code else ""))
                   for s in options]
        if not policy.grants_for(user).imports_everywhere:
            choices = [("", "Select an area"), *choices]
        self.fields["scope"].choices = choices


class SnapshotImportForm(ImportForm):
    file = forms.FileField(label="Staff file (CSV or XLSX)", error_messages={
        "required": "Select a CSV or XLSX file", "empty": "The selected file is empty"})
    as_of = NHSDateField(label="Snapshot date", max_value=dt.date.today,
                         help_text="The day the staff list is for. For example, 1 10 2026")
    mapping = forms.CharField(label="Column mapping (optional)", required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
                              max_length=5000, help_text=MAPPING_HELP)

    field_order = ["file", "as_of", "scope", "mapping"]


class EventsImportForm(ImportForm):
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

    field_order = ["file", "kind", "period_start", "period_end", "scope", "mapping"]


EVENT_FIELDS = engine_snapshot.EVENT_COLUMNS
