"""Development programmes (such as the one for first-time chief executives) and their cohorts."""

from __future__ import annotations

from django.db import models


class Programme(models.Model):
    """A development programme a programme manager runs, in cohorts."""

    name = models.CharField("programme name", max_length=150, unique=True)
    description = models.TextField("what the programme is for", max_length=4000, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
