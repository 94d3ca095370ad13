"""Code lists of workforce imports: an import's state, and the kinds of WRES/WDES event file
(docs/insights.md)."""

from django.db import models


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Checking and importing"
    READY = "ready", "Imported"
    REJECTED = "rejected", "Rejected: rows need correcting"
    FAILED = "failed", "Failed: try again or contact support"
    DUPLICATE = "duplicate", "Already imported: nothing changed"


FINISHED = (ImportStatus.READY, ImportStatus.REJECTED, ImportStatus.FAILED,
            ImportStatus.DUPLICATE)


class EventKind(models.TextChoices):
    RECRUITMENT = "recruitment", "Recruitment (shortlisting and appointment)"
    DISCIPLINARY = "disciplinary", "Formal disciplinary or capability process"
    TRAINING = "training", "Non-mandatory training and CPD"
