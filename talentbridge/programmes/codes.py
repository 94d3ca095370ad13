"""Code lists of development programmes: where a programme is run, its cohorts, applications
and places, and attendance (docs/programmes.md)."""

from django.db import models

from talentbridge.accounts.codes import ScopeLevel

#: A programme is run at any of the levels a role is held at.
ProgrammeScope = ScopeLevel


class CohortStatus(models.TextChoices):
    OPEN = "open", "Open for applications"
    SELECTION = "selection", "Selection"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"


class Route(models.TextChoices):
    APPLIED = "applied", "Applied"
    NOMINATED = "nominated", "Nominated"


class Decision(models.TextChoices):
    PENDING = "", "Awaiting decision"
    SELECTED = "selected", "Selected"
    RESERVE = "reserve", "Reserve"
    NOT_SELECTED = "not_selected", "Not selected"


class Outcome(models.TextChoices):
    ON_PROGRAMME = "", "On the programme"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
