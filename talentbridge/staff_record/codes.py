"""Code lists of leaders' feeds: a feed's state, and the answer about a person an applied feed
did not list (docs/staff-record.md)."""

from django.db import models


class FeedStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Checking and applying"
    APPLIED = "applied", "Applied"
    REJECTED = "rejected", "Rejected: rows need correcting"
    FAILED = "failed", "Failed: try again or contact support"


FINISHED = (FeedStatus.APPLIED, FeedStatus.REJECTED, FeedStatus.FAILED)


class Answer(models.TextChoices):
    UNANSWERED = "", "Not answered yet"
    LEFT = "left", "Left the NHS"
    MOVED = "moved", "Moved to another NHS organisation"
    STILL_HERE = "still_here", "Still here"
