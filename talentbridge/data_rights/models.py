"""Requests to correct a person's record (UK GDPR Article 16).

A leader asks for a correction of something they cannot change themselves; the organisation
administrators of their organisation (or, if it has none, the administrators) deal with it
within one month (Article 12(3)). Who may see and resolve one is decided in `policy`.
"""

from __future__ import annotations

from django.db import models

from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link

from .codes import RESOLVED
from .codes import CorrectionArea
from .codes import CorrectionStatus


class CorrectionRequest(models.Model):
    person = person_link("correction_requests")
    area = models.CharField("what is wrong", max_length=20, choices=CorrectionArea.choices)
    current_value = models.TextField(
        "what it says now", max_length=2000, blank=True,
        help_text="The value held when the request was made (filled in for profile fields).")
    requested_correction = models.TextField("what it should say", max_length=2000)
    status = models.CharField(max_length=20, choices=CorrectionStatus.choices,
                              default=CorrectionStatus.OPEN)
    organisation = one_way_link(
        "organisations.Organisation", models.SET_NULL,
        help_text="Whose organisation administrators deal with it: the person's employer when "
                  "they asked.")
    created_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(help_text="One month after the request (UK GDPR Article 12(3)).")
    resolved_by = by_user()
    resolved_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(
        max_length=2000, blank=True,
        help_text="What was corrected, or why the request was refused (told to the person).")

    unscoped, objects = person_managers(
        "person", rule="talentbridge.data_rights.policy.correction_people_filter")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Correction request {self.pk} ({self.get_area_display()})"

    @property
    def is_resolved(self) -> bool:
        return self.status in RESOLVED
