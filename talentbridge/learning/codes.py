"""Code lists of the learning log: kinds of entry, and whom an entry is shared with
(docs/learning-log.md)."""

from django.db import models


class EntryKind(models.TextChoices):
    REFLECTION = "reflection", "Reflection"
    LEARNING_REVIEW = "learning_review", "Learning review"


class ShareRoute(models.TextChoices):
    MENTOR = "mentor", "My mentor or coach"
    LINE_MANAGER = "line_manager", "My line manager (supervisor)"
