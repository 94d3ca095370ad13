"""Code lists of FPPT records and Board Member References (docs/board.md)."""

from django.db import models


class Conclusion(models.TextChoices):
    FIT = "fit", "Fit and proper"
    NOT_FIT = "not_fit", "Not fit and proper"


class CheckOutcome(models.TextChoices):
    SATISFACTORY = "satisfactory", "Satisfactory"
    CONCERN = "concern", "Concern found"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ReferenceStatus(models.TextChoices):
    DRAFT = "draft", "Being completed"
    COMPLETED = "completed", "Completed"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SUPPLIED = "supplied", "Supplied"
