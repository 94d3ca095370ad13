"""Choosing a person for a succession plan: a plain text search (GET ``q``) and radios of the
people found, worked out on the server. Kept in this one module so that a richer chooser (an
autocomplete) can replace it without touching the pages that use it."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import TalentBridgeForm

from . import services


class SearchForm(TalentBridgeForm):
    q = forms.CharField(label="Search by name", max_length=100, required=False,
                        help_text="For example, Rowe or Rita Rowe")


def person_label(person) -> str:
    return f"{person.full_name} – {person.job_title}, {person.organisation.display_name}"


def found(user, post, query: str) -> list:
    """The people a search finds for this post (people the user may see)."""
    return services.candidates(user, post, query)


def person_field(people, chosen: str = "") -> forms.ChoiceField:
    """Radios of the people found; a person posted but no longer found is kept as a choice
    so that the service can say why they may not be chosen."""
    choices = [(str(p.pk), person_label(p)) for p in people]
    if chosen and chosen not in {c for c, _ in choices}:
        choices.append((chosen, f"Person {chosen}"))
    return forms.ChoiceField(label="Who", widget=forms.RadioSelect, choices=choices)
