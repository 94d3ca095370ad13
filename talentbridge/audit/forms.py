"""Searching the audit trail."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import nhs_date

from .labels import kind_choices
from .models import AuditAction
from .models import AuditEvent
from .services import acted_by
from .services import actor_ids
from .services import naming_person


class AuditSearchForm(TalentBridgeForm):
    actor = forms.CharField(label="Username of the person who acted", max_length=150,
                            required=False)
    action = forms.ChoiceField(label="Action", required=False,
                               choices=[("", "Any action"), *AuditAction.choices])
    target_type = forms.ChoiceField(label="Kind of record", required=False)
    target_id = forms.CharField(label="Record id", max_length=40, required=False)
    person = forms.CharField(label="Person id", max_length=20, required=False,
                             help_text="Events that named this person: views of their record "
                                       "and every page that showed them")
    date_from = NHSDateField(label="From", required=False, help_text="For example, 1 11 2026")
    date_to = NHSDateField(label="To", required=False, help_text="For example, 26 11 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", "Any kind of record"), *kind_choices()]

    def clean_person(self) -> int | None:
        value = self.cleaned_data["person"].strip()
        if not value:
            return None
        if not value.isdigit() or int(value) < 1:
            raise forms.ValidationError(
                f'Person id must be a whole number, like 1234 (you entered "{value}")')
        return int(value)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", f"To ({nhs_date(end)}) must be on or after "
                                      f"From ({nhs_date(start)})")
        return cleaned

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data["actor"].strip():
            events = acted_by(events, data["actor"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["target_type"]:
            events = events.filter(target_type=data["target_type"])
        if data["target_id"].strip():
            events = events.filter(target_id=data["target_id"].strip())
        if data["person"]:
            events = naming_person(events, data["person"])
        if data["date_from"]:
            events = events.filter(occurred_at__date__gte=data["date_from"])
        if data["date_to"]:
            events = events.filter(occurred_at__date__lte=data["date_to"])
        return events

    def audit_detail(self) -> dict:
        """The search as recorded: the actor as a user id, never their username."""
        detail = {k: str(v) for k, v in self.cleaned_data.items() if v and k != "actor"}
        if self.cleaned_data.get("actor", "").strip():
            detail["actor"] = actor_ids(self.cleaned_data["actor"].strip())
        return detail

    def is_empty(self) -> bool:
        return not any(v for v in self.cleaned_data.values() if v not in (None, ""))

