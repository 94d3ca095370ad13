"""Mentoring and coaching across organisations: who supports whom."""

from __future__ import annotations

from django.db import models


class SupportKind(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    COACH = "coach", "Coach"


class MentoringRelationship(models.Model):
    """A mentor or coach and the leader they support, from the day it started until it ended."""

    mentor = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="mentoring_as_mentor")
    mentee = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="mentoring_as_mentee")
    kind = models.CharField(max_length=10, choices=SupportKind.choices,
                            default=SupportKind.MENTOR)
    started_on = models.DateField("started on")
    ended_on = models.DateField("ended on", null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(mentor=models.F("mentee")),
                                   name="mentoring_nobody_mentors_themselves"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="mentoring_relationship_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} relationship {self.pk}"
